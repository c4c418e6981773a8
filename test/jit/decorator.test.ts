import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { explain, InvalidOptionError, Operator, structuralJit } from "xcs-jit";
import { CallLog, LogicalClock } from "../support/index.js";
import { Ensemble, question } from "./ensemble.js";


/** Runs a fresh 4-member instance once; the peak in flight shows which strategy ran. */
async function peakOf(Class: new (log: CallLog, width: number) => Ensemble) {
  const clock = new LogicalClock();
  const log = new CallLog(clock);
  const op = new Class(log, 4);
  const result = await clock.run(op.invoke(question));
  return { peak: log.peak, result, mode: explain(op).mode };
}

describe("TC39 decorators (this file is compiled without experimentalDecorators)", () => {
  const calls: number[] = [];
  /** Forwards to structuralJit, recording how many arguments the decorator received. */
  function recorded<C extends typeof Ensemble>(...args: [C, ClassDecoratorContext<C>]): void {
    calls.push(args.length);
    structuralJit(...args);
  }

  @recorded
  class Bare extends Ensemble {}

  @structuralJit()
  class EmptyOptions extends Ensemble {}

  @structuralJit({ strategy: "sequential" })
  class Sequential extends Ensemble {}

  it("received (value, context)", () => {
    expect(calls).toEqual([2]);
  });

  it("works bare, with empty options and with options", async () => {
    expect(await peakOf(Bare)).toMatchObject({ peak: 4, mode: "structural" });
    expect(await peakOf(EmptyOptions)).toMatchObject({ peak: 4, mode: "structural" });
    expect(await peakOf(Sequential)).toMatchObject({ peak: 1, mode: "structural" });
  });

  it("refuses to decorate anything but a class", () => {
    expect(() => {
      class Misused extends Operator<void, void> {
        // @ts-expect-error: structuralJit is a class decorator
        @structuralJit
        forward() {}
      }
      return Misused;
    }).toThrow("@structuralJit decorates operator classes, not the method forward");
  });
});

describe("experimentalDecorators (legacy), compiled with ts.transpileModule", () => {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const tmpRoot = join(here, "../.tmp");
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const source = `
    import { structuralJit } from "xcs-jit";
    import { Ensemble } from ${JSON.stringify(pathToFileURL(join(here, "ensemble.ts")).pathname)};

    @structuralJit
    export class Bare extends Ensemble {}

    @structuralJit({ strategy: "sequential", maxConcurrency: 2 })
    export class Sequential extends Ensemble {}

    @structuralJit({ maxConcurrency: 2 })
    export class Bounded extends Ensemble {}
  `;

  async function compileAndImport() {
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        experimentalDecorators: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
      },
    });
    await mkdir(tmpRoot, { recursive: true });
    dir = await mkdtemp(join(tmpRoot, "legacy-decorators-"));
    const file = join(dir, "classes.mjs");
    await writeFile(file, outputText);
    return { outputText, classes: await import(/* @vite-ignore */ pathToFileURL(file).href) };
  }

  it("registers classes bare and with options", async () => {
    const { outputText, classes } = await compileAndImport();
    expect(outputText).toContain("__decorate([");
    expect(outputText).not.toContain("__esDecorate");
    expect(await peakOf(classes.Bare)).toMatchObject({ peak: 4, mode: "structural" });
    expect(await peakOf(classes.Sequential)).toMatchObject({ peak: 1, mode: "structural" });
    expect(await peakOf(classes.Bounded)).toMatchObject({ peak: 2, mode: "structural" });
  });
});

describe("decorator types in both modes", () => {
  const here = fileURLToPath(new URL(".", import.meta.url));
  // The modules themselves rather than the package index, which pulls in the AI SDK's types.
  const imports = [
    `import { Operator } from ${JSON.stringify(join(here, "../../runtime/operator.js"))};`,
    `import { structuralJit } from ${JSON.stringify(join(here, "../../runtime/jit/structural-jit.js"))};`,
  ].join(" ");

  /** Shares the parsed runtime and lib files between the two modes' programs. */
  let previous: ts.Program | undefined;

  /** Type-checks `body` (after an import of Operator and structuralJit); returns its errors by line. */
  async function typeErrors(body: string, experimentalDecorators: boolean): Promise<{ line: number; text: string }[]> {
    const dir = await mkdtemp(join(here, "../.tmp/decorator-types-"));
    try {
      const file = join(dir, "snippet.ts");
      await writeFile(file, `${imports}\n${body}`);
      const program = ts.createProgram({ rootNames: [file], oldProgram: previous, options: {
        experimentalDecorators,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ["node"],
      } });
      previous = program;
      const sourceFile = program.getSourceFile(file)!;
      return program.getSemanticDiagnostics(sourceFile).map((d) => ({
        line: sourceFile.getLineAndCharacterOfPosition(d.start!).line,
        text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const snippet = `type Q = { query: string };
@structuralJit
export class Bare extends Operator<Q, string> { forward(i: Q) { return i.query; } }
@structuralJit()
export class Empty extends Operator<Q, string> { forward(i: Q) { return i.query; } }
@structuralJit({ strategy: "parallel", maxConcurrency: 4, strict: true })
export class WithOptions extends Operator<Q, string> { forward(i: Q) { return i.query; } }
@structuralJit({ strategy: "fastest" })
export class Bad extends Operator<Q, string> { forward(i: Q) { return i.query; } }`;

  it.each([true, false])(
    "accepts bare, empty and full options, and rejects an unknown strategy (experimentalDecorators: %s)",
    async (legacy) => {
      const errors = await typeErrors(snippet, legacy);
      expect(errors.length).toBeGreaterThan(0);
      const badLine = 1 + snippet.split("\n").findIndex((line) => line.includes('"fastest"'));
      expect(errors.map((e) => e.line)).toEqual(errors.map(() => badLine));
      expect(errors.map((e) => e.text).join("\n")).toContain(`Type '"fastest"' is not assignable`);
    },
    60_000,
  );
});

describe("direct registration and misuse", () => {
  it("structuralJit(Class) registers like the decorator (what a bundler plugin emits)", async () => {
    class Registered extends Ensemble {}
    expect((await peakOf(Registered)).mode).toBe("eager");
    structuralJit(Registered);
    expect(await peakOf(Registered)).toMatchObject({ peak: 4, mode: "structural" });
  });

  it("refuses a member under experimentalDecorators (prototype, key, descriptor)", () => {
    const descriptor = { value: Ensemble.prototype.forward, writable: true, configurable: true };
    expect(() => (structuralJit as Function)(Ensemble.prototype, "forward", descriptor)).toThrow(
      "@structuralJit decorates operator classes, not the member forward",
    );
  });

  it("refuses a class without forward", () => {
    class NotAnOperator {}
    expect(() => structuralJit(NotAnOperator as any)).toThrow("@structuralJit decorates operator classes: NotAnOperator has no forward method");
  });

  it.each([
    [{ strategy: "fastest" }, '@structuralJit: invalid option "strategy": expected "auto" | "parallel" | "sequential", got "fastest"'],
    [{ maxConcurrency: 0 }, '@structuralJit: invalid option "maxConcurrency": expected a positive integer or Infinity, got 0'],
    [{ maxConcurrency: 2.5 }, '@structuralJit: invalid option "maxConcurrency": expected a positive integer or Infinity, got 2.5'],
    [{ strict: "yes" }, '@structuralJit: invalid option "strict": expected a boolean, got "yes"'],
    [{ stratgy: "parallel" }, '@structuralJit: invalid option "stratgy": expected one of strategy, maxConcurrency, strict, speculate (unknown option)'],
  ])("rejects the options %o, naming the option", (options, message) => {
    const attempt = () => structuralJit(options as any);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
  });
});
