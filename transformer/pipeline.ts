/**
 * Runs the passes for one structural class, in order, behind a catch-all: an exception in any
 * pass leaves the class untouched with an XCS9001 diagnostic, and never escapes into the compile.
 * With `XCS_DEBUG=ir` it prints the IR after every pass that changes it (to stderr).
 */
import type { TypeScriptApi } from "./typescript-api.js";
import type * as TS from "typescript";
import { DiagnosticCollector } from "./diagnostics/collector.js";
import type { ForwardIR } from "./ir/ir.js";
import { printIR } from "./ir/print-ir.js";
import type { TransformerOptions } from "./options.js";
import type { StructuralClass } from "./passes/01-find-structural-classes.js";
import { screenUnsupported } from "./passes/02-screen-unsupported.js";
import { lowerForward } from "./passes/03-lower-forward.js";
import { resolveCallees } from "./passes/04-resolve-callees.js";
import { inferBindingTimes } from "./passes/05-infer-binding-times.js";
import { inferEffects } from "./passes/06-infer-effects.js";
import { classify } from "./passes/07-classify.js";
import { planHostRegions } from "./passes/08-plan-host-regions.js";
import { emitStructure } from "./passes/09-emit-structure.js";
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
  /** Types the parameters of emitted functions; resolution goes through `resolver` alone. */
  readonly checker?: TS.TypeChecker;
  readonly options: TransformerOptions;
  /** The name the structure uses for the namespace import of xcs-jit. */
  readonly runtimeName: string;
}

export function compileClass(context: PipelineContext, found: StructuralClass): ClassResult {
  const { ts, sourceFile, options } = context;
  const diagnostics = new DiagnosticCollector(sourceFile, found.strict ?? options.strict ?? false);
  for (const misuse of found.misuse) diagnostics.report(misuse.code, misuse.node, "find-structural-classes", misuse.args);
  if (found.misuse.length > 0 || !found.forward) return { found, outcome: "bailout", diagnostics };

  let pass = "screen-unsupported";
  try {
    const step = <T>(name: string, run: () => T): T => {
      pass = name;
      if (options.throwInPass === name) throw new Error(`test-only failure requested in ${name}`);
      return run();
    };
    if (step("screen-unsupported", () => screenUnsupported(ts, found.forward!, diagnostics))) {
      return { found, outcome: "bailout", diagnostics };
    }
    const ir = step("lower-forward", () => lowerForward(ts, sourceFile, found.node, found.name, found.forward!));
    const passes: [string, () => void][] = [
      ["resolve-callees", () => resolveCallees(ir, context.resolver)],
      ["infer-binding-times", () => inferBindingTimes(ir)],
      ["infer-effects", () => inferEffects(ir)],
      ["classify", () => classify(ts, ir, diagnostics)],
      ["plan-host-regions", () => planHostRegions(ts, ir)],
    ];
    dump("lower-forward", ir);
    for (const [name, run] of passes) {
      step(name, run);
      dump(name, ir);
    }
    if (diagnostics.has("bailout")) return { found, outcome: "bailout", diagnostics, ir };
    const structure = step("emit-structure", () => emitStructure(ts, ir, sourceFile, context.runtimeName, context.checker));
    return { found, outcome: "compiled", diagnostics, structure, ir };
  } catch (error) {
    diagnostics.report("XCS9001", found.node.name ?? found.node, pass, { pass, text: error instanceof Error ? error.message : String(error) });
    return { found, outcome: "internal-error", diagnostics };
  }
}

function dump(pass: string, ir: ForwardIR): void {
  if (!/\bir\b/.test(process.env.XCS_DEBUG ?? "")) return;
  process.stderr.write(`--- ${ir.className} after ${pass}\n${printIR(ir)}\n`);
}
