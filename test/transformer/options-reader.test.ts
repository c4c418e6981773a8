// One options reader behind every entry point: a wrong value is named the same way whether it
// came from the tsconfig plugin entry, createTransformer, a bundler plugin or register's environment.
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import tsPatchEntry, { createTransformer } from "../../transformer/index.js";
import { unpluginFactory } from "../../transformer/bundler/plugin.js";
import { optionsFromEnvironment } from "../../transformer/register/hooks.js";
import { readOptions } from "../../transformer/options.js";
import { VirtualPrograms } from "./virtual-program.js";

const SAME = /^XCS3003 \(xcs-jit, invalid transformer option\): the transformer option "strict" must be a boolean, got "yes"$/;

describe("the options reader", () => {
  it("names the field and the value, for every entry the same way", () => {
    const program = new VirtualPrograms().create({ "/virtual/o.ts": "export {};" });
    const added: string[] = [];
    tsPatchEntry(program, { transform: "xcs-jit/transformer", strict: "yes" }, { ts, addDiagnostic: (d: ts.Diagnostic) => added.push(String(d.messageText)) });
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(SAME);
    expect(() => createTransformer(undefined, { strict: "yes" as unknown as boolean })).toThrow(SAME);
    expect(() => unpluginFactory({ strict: "yes" as unknown as boolean }, { framework: "esbuild" } as never)).toThrow(SAME);
    expect(() => optionsFromEnvironment({ XCS_JIT_STRICT: "yes" })).toThrow(/^XCS3003 \(xcs-jit, invalid transformer option\): the transformer option XCS_JIT_STRICT must be 1 or 0, got "yes"$/);
  });

  it("rejects unknown keys (typos), and leaves ts-patch's own keys of a plugin entry alone", () => {
    expect(readOptions({ transform: "xcs-jit/transformer", strickt: true }).problems).toEqual(['"strickt" is not an option (known: strict, throwInPass)']);
    expect(() => unpluginFactory({ strcit: true } as never, { framework: "esbuild" } as never)).toThrow(/"strcit" is not an option \(known: strict, throwInPass, tsconfig, root, include, worker, cache\)/);
    expect(readOptions({ transform: "xcs-jit/transformer", type: "program", strict: true })).toEqual({ options: { strict: true }, problems: [] });
  });

  it("checks each bundler option's type", () => {
    const { problems } = readOptions({ tsconfig: 3, include: "src", worker: "no", cache: true }, "bundler");
    expect(problems).toEqual([
      '"tsconfig" must be a path or false, got 3',
      '"include" must be a RegExp or an array of them, got "src"',
      '"worker" must be a boolean, got "no"',
      '"cache" must be a path or false, got true',
    ]);
  });

  it("reads register's environment", () => {
    expect(optionsFromEnvironment({ XCS_JIT_STRICT: "1", XCS_JIT_TSCONFIG: "false" })).toEqual({ strict: true, tsconfig: false });
    expect(optionsFromEnvironment({ XCS_JIT_STRICT: "0" })).toEqual({ strict: false, tsconfig: undefined });
  });
});
