// The in-process part of `npm run bench` (bench/run.mjs builds it and calls `runSuite`).
import { cpus } from "node:os";
import { loadCopies } from "./copies.js";
import { measureMakespans } from "./makespan.js";
import { measureMemory } from "./memory.js";
import { report } from "./report.js";

export interface SuiteOptions {
  readonly structuralUrl: string;
  readonly plainUrl: string;
  readonly resultsDir: string;
  readonly latencyMs: number;
  readonly runs: number;
  readonly instances: number;
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

export async function runSuite(options: SuiteOptions): Promise<void> {
  const copies = await loadCopies(options.structuralUrl, options.plainUrl);
  const makespan = await measureMakespans({ latencyMs: options.latencyMs, runs: options.runs, copies, progress });
  progress(`memory: ${options.instances.toLocaleString("en")} instances…`);
  const memory = await measureMemory(copies.structural, options.instances);
  const environment = { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, date: new Date().toISOString() };
  report({ environment, latencyMs: options.latencyMs, makespan, memory }, options.resultsDir);
}
