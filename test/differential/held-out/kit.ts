// What the held-out programs (written by hand, in the style of production pipelines, never by the
// generator) are built on: leaf "models" on test/support's logical clock whose answers spell out
// what they read, effectful sinks, and the description each program module exports.
import type { Operator } from "xcs-jit";
import { EffectfulFakeOperator, FakeOperator, type CallLog } from "../../support/index.js";

/** What every model leaf returns. */
export interface Completion {
  text: string;
  score: number;
  tokens: number;
}

export interface Prompt {
  prompt: string;
  system?: string;
}

export type Model = Operator<Prompt, Completion>;

/** A model leaf: its text names it and echoes the prompt, its score is derived from the prompt. */
export function model(log: CallLog, name: string, latency = 1, fail?: (inputs: Prompt) => boolean): Model {
  return new FakeOperator<Prompt, Completion>(log, {
    name,
    latency,
    compute: ({ prompt, system }) => ({
      text: `${name}[${system ? `${system}|` : ""}${prompt}]`,
      score: (prompt.length * 7 + name.length) % 10,
      tokens: prompt.split(" ").length,
    }),
    fail: fail && ((inputs) => (fail(inputs) ? new Error(`${name} failed on ${inputs.prompt}`) : undefined)),
  });
}

/** A retriever leaf: three passages for a query, each naming the retriever. */
export function retriever(log: CallLog, name: string, latency = 1, fail?: (query: string) => boolean): Operator<{ query: string; k?: number }, { passages: string[]; source: string }> {
  return new FakeOperator(log, {
    name,
    latency,
    compute: ({ query, k }: { query: string; k?: number }) => ({
      passages: Array.from({ length: k ?? 3 }, (_, i) => `${name}#${i}:${query}`),
      source: name,
    }),
    fail: fail && ((inputs: { query: string }) => (fail(inputs.query) ? new Error(`${name} failed on ${inputs.query}`) : undefined)),
  });
}

/** A leaf with effects beyond its result (`static effects = true`): a log, a cache write, a notification. */
export function sink<In = unknown>(log: CallLog, name: string, latency = 1): Operator<In, { ok: true; by: string }> {
  return new EffectfulFakeOperator<In, { ok: true; by: string }>(log, { name, latency, compute: () => ({ ok: true, by: name }) });
}

/** What every held-out module exports as `CASES`: one entry per pipeline class. */
export interface HeldOutCase<In = any> {
  /** The class's name, as the analysis reports it. */
  readonly className: string;
  readonly create: (log: CallLog) => Operator<In, unknown>;
  /** Run in order on one instance (first and later calls). */
  readonly inputs: readonly In[];
  /** Provably static: must compile with no diagnostic at all. */
  readonly static: boolean;
}
