/**
 * The passes for one structural class, in the one table that says their order (`PASSES`: the
 * pipeline, the `XCS_DEBUG=ir` dump and the pass tests all read it), run behind a catch-all: an
 * exception in any pass leaves the class untouched with an XCS9001 diagnostic (XCS9002 when it is
 * a broken promise between passes), and never escapes into the compile.
 */
import type { TypeScriptApi } from "./typescript-api.js";
import type * as TS from "typescript";
import { DiagnosticCollector } from "./diagnostics/collector.js";
import type { Suppression } from "./diagnostics/suppressions.js";
import type { ForwardIR } from "./ir/ir.js";
import { printIR } from "./ir/print-ir.js";
import { IRInvariantError } from "./ir/shapes.js";
import type { TransformerOptions } from "./options.js";
import type { StructuralClass } from "./passes/01-find-structural-classes.js";
import { screenUnsupported } from "./passes/02-screen-unsupported.js";
import { lowerForward } from "./passes/03-lower-forward.js";
import { resolveCallees } from "./passes/04-resolve-callees.js";
import { inferBindingTimes } from "./passes/05-infer-binding-times.js";
import { inferEffects } from "./passes/06-infer-effects.js";
import { classify } from "./passes/07-classify.js";
import { planHostRegions } from "./passes/08-plan-host-regions.js";
import { explainBreaks } from "./passes/09-explain-breaks.js";
import { checkIR } from "./passes/10-check-ir.js";
import { emitStructure } from "./passes/11-emit-structure.js";
import type { PureHelpers } from "./resolve/pure-helpers.js";
import type { XcsResolver } from "./resolve/xcs-symbols.js";

export type ClassOutcome = "compiled" | "bailout" | "internal-error";

export interface ClassResult {
  readonly found: StructuralClass;
  readonly outcome: ClassOutcome;
  readonly diagnostics: DiagnosticCollector;
  readonly structure?: TS.MethodDeclaration;
  readonly ir?: ForwardIR;
}

export interface PipelineContext {
  readonly ts: TypeScriptApi;
  readonly sourceFile: TS.SourceFile;
  readonly resolver: XcsResolver;
  readonly options: TransformerOptions;
  /** The name the structure uses for the namespace import of xcs-jit. */
  readonly runtimeName: string;
  /** The file's `// xcs-jit-ignore` comments. */
  readonly suppressions: readonly Suppression[];
  /** Module-level one-expression pure helpers of the file, by name (`resolve/pure-helpers.ts`). */
  readonly pureHelpers: PureHelpers;
}

/** What every pass may read: the file's context, the class and its `forward`, the class's diagnostic sink. */
export interface PassContext extends PipelineContext {
  readonly found: StructuralClass;
  readonly forward: TS.MethodDeclaration;
  readonly diagnostics: DiagnosticCollector;
}

/**
 * One pass: a `screen` may end the class as a bail-out before anything is built; `lower` builds
 * the IR; an `analyze` pass writes its facts on the IR (later ones read them, and an unfilled
 * fact is an internal error, never a default); `emit` only prints.
 */
export type Pass =
  | { readonly name: string; readonly kind: "screen"; run(c: PassContext): boolean }
  | { readonly name: string; readonly kind: "lower"; run(c: PassContext): ForwardIR }
  | { readonly name: string; readonly kind: "analyze"; run(c: PassContext, ir: ForwardIR): void }
  | { readonly name: string; readonly kind: "emit"; run(c: PassContext, ir: ForwardIR): TS.MethodDeclaration };

export const PASSES: readonly Pass[] = [
  { name: "screen-unsupported", kind: "screen", run: (c) => screenUnsupported(c.ts, c.forward, c.diagnostics) },
  { name: "lower-forward", kind: "lower", run: (c) => lowerForward(c.ts, c.sourceFile, c.found.node, c.found.name, c.forward, c.pureHelpers) },
  { name: "resolve-callees", kind: "analyze", run: (c, ir) => resolveCallees(c.ts, ir, c.resolver, c.pureHelpers) },
  { name: "infer-binding-times", kind: "analyze", run: (c, ir) => inferBindingTimes(ir, (node) => c.resolver.isCollection(node) || c.resolver.isPrimitive(node)) },
  { name: "infer-effects", kind: "analyze", run: (_c, ir) => inferEffects(ir) },
  { name: "classify", kind: "analyze", run: (c, ir) => classify(c.ts, ir, c.diagnostics) },
  { name: "plan-host-regions", kind: "analyze", run: (c, ir) => planHostRegions(c.ts, ir) },
  { name: "explain-breaks", kind: "analyze", run: (c, ir) => explainBreaks(c.ts, ir, c.sourceFile, c.diagnostics) },
  { name: "check-ir", kind: "analyze", run: (_c, ir) => checkIR(ir) },
  { name: "emit-structure", kind: "emit", run: (c, ir) => emitStructure(c.ts, ir, c.sourceFile, c.runtimeName) },
];

/**
 * Runs the passes up to and including `until` (all by default) and stops early on a bail-out.
 * `afterPass` sees the IR after every pass that has one (the debug dump, the pass tests).
 */
export function runPasses(c: PassContext, until?: string, afterPass?: (name: string, ir: ForwardIR) => void):
    { outcome: "compiled" | "bailout" | "stopped"; ir?: ForwardIR; structure?: TS.MethodDeclaration } {
  let ir: ForwardIR | undefined;
  for (const pass of PASSES) {
    if (c.options.throwInPass === pass.name) throw new PassFailure(pass.name, new Error(`test-only failure requested in ${pass.name}`));
    try {
      switch (pass.kind) {
        case "screen":
          if (pass.run(c)) return { outcome: "bailout" };
          break;
        case "lower":
          ir = pass.run(c);
          break;
        case "analyze":
          pass.run(c, ir!);
          break;
        case "emit":
          // A bail-out found by the analysis (XCS2xxx) leaves the class as written.
          if (c.diagnostics.has("bailout")) return { outcome: "bailout", ir };
          return { outcome: "compiled", ir, structure: pass.run(c, ir!) };
      }
    } catch (error) {
      throw new PassFailure(pass.name, error);
    }
    if (ir) afterPass?.(pass.name, ir);
    if (pass.name === until) return { outcome: "stopped", ir };
  }
  throw new Error("the pass table ends without an emit pass");
}

class PassFailure extends Error {
  constructor(readonly pass: string, readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

export function compileClass(context: PipelineContext, found: StructuralClass): ClassResult {
  const inside = context.suppressions.filter((s) => found.node.pos <= s.start && s.start < found.node.end);
  const diagnostics = new DiagnosticCollector(context.sourceFile, found.strict ?? context.options.strict ?? false, inside);
  const result = runClass(context, found, diagnostics);
  // Breaks are all reported once the passes got as far as the IR; before that, a suppression may
  // be for a break nobody looked for.
  diagnostics.finish(result.outcome === "compiled" || (result.outcome === "bailout" && result.ir !== undefined));
  return result;
}

function runClass(context: PipelineContext, found: StructuralClass, diagnostics: DiagnosticCollector): ClassResult {
  for (const misuse of found.misuse) diagnostics.report(misuse.code, misuse.node, misuse.args);
  if (found.misuse.length > 0 || !found.forward) return { found, outcome: "bailout", diagnostics };
  try {
    // A class inside a function may see a local of the helper's name instead of the helper.
    const pureHelpers = context.ts.isSourceFile(found.node.parent) ? context.pureHelpers : new Map();
    const result = runPasses({ ...context, pureHelpers, found, forward: found.forward, diagnostics }, undefined, dump);
    if (result.outcome !== "compiled") return { found, outcome: "bailout", diagnostics, ir: result.ir };
    return { found, outcome: "compiled", diagnostics, structure: result.structure, ir: result.ir };
  } catch (error) {
    const failure = error instanceof PassFailure ? error : new PassFailure("unknown", error);
    if (failure.reason instanceof IRInvariantError) {
      diagnostics.report("XCS9002", found.node.name ?? found.node, { text: `${failure.pass}: ${failure.message}` });
    } else {
      diagnostics.report("XCS9001", found.node.name ?? found.node, { pass: failure.pass, text: failure.message });
    }
    return { found, outcome: "internal-error", diagnostics };
  }
}

function dump(pass: string, ir: ForwardIR): void {
  if (!/\bir\b/.test(process.env.XCS_DEBUG ?? "")) return;
  process.stderr.write(`--- ${ir.className} after ${pass}\n${printIR(ir)}\n`);
}
