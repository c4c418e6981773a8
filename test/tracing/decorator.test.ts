import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { Operator, explain, getJitStats, jit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { Pair } from "./pair.js";

/** Ticks of each of three runs of a fresh instance. */
async function ticksOf(Class: new (log: CallLog) => Pair): Promise<number[]> {
  const log = new CallLog(new LogicalClock());
  const op = new Class(log);
  const ticks: number[] = [];
  for (const query of ["one", "two", "three"]) {
    const start = log.clock.now;
    await log.clock.run(op.invoke({ query }));
    ticks.push(log.clock.now - start);
  }
  expect(explain(op).mode).toBe("traced");
  return ticks;
}

describe("@jit with TC39 decorators (this file is compiled without experimentalDecorators)", () => {
  @jit
  class Bare extends Pair {}

  @jit()
  class EmptyOptions extends Pair {}

  @jit({ speculate: false })
  class NoSpeculation extends Pair {}

  @jit({ sampleInput: { query: "sample" } })
  class Warm extends Pair {}

  it("works bare, with empty options and with options", async () => {
    expect(await ticksOf(Bare)).toEqual([2, 1, 1]);
    expect(await ticksOf(EmptyOptions)).toEqual([2, 1, 1]);
    expect(await ticksOf(NoSpeculation)).toEqual([2, 2, 2]);
  });

  it("with sampleInput, replaces the class so that construction traces; the name is kept", async () => {
    expect(Warm.name).toBe("Warm");
    const log = new CallLog(new LogicalClock());
    const op = new Warm(log);
    expect(op).toBeInstanceOf(Pair);
    await log.clock.run(op.invoke({ query: "real" }));
    expect(getJitStats(op).lastRun?.kind).toBe("replay");
  });

  it("refuses anything but an operator class, and unknown options", () => {
    expect(() => {
      class Misused extends Operator<void, void> {
        // @ts-expect-error: jit is a class decorator
        @jit
        forward() {}
      }
      return Misused;
    }).toThrow("@jit decorates operator classes, not the method forward");
    expect(() => jit({ speculte: true } as never)).toThrow(/@jit: invalid option "speculte"/);
    expect(() => jit({ speculate: "yes" } as never)).toThrow(/@jit: invalid option "speculate": expected a boolean/);
  });
});

describe("@jit with experimentalDecorators (legacy), compiled with ts.transpileModule", () => {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const tmpRoot = join(here, "../.tmp");
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("registers classes bare and with options", async () => {
    const source = `
      import { jit } from "xcs-jit";
      import { Pair } from ${JSON.stringify(pathToFileURL(join(here, "pair.ts")).pathname)};
      @jit export class Bare extends Pair {}
      @jit({ speculate: false }) export class NoSpeculation extends Pair {}
    `;
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { experimentalDecorators: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    expect(outputText).toContain("__decorate([");
    await mkdir(tmpRoot, { recursive: true });
    dir = await mkdtemp(join(tmpRoot, "legacy-jit-"));
    const file = join(dir, "classes.mjs");
    await writeFile(file, outputText);
    const classes = await import(/* @vite-ignore */ pathToFileURL(file).href);
    expect(await ticksOf(classes.Bare)).toEqual([2, 1, 1]);
    expect(await ticksOf(classes.NoSpeculation)).toEqual([2, 2, 2]);
  });
});
