/**
 * Runs the transformer's passes one by one on a source string, for pass tests: the IR after any
 * pass, printed, and the diagnostics collected so far.
 */
import * as ts from "typescript";
import { DiagnosticCollector } from "../../../transformer/diagnostics/collector.js";
import type { ForwardIR } from "../../../transformer/ir/ir.js";
import { printIR } from "../../../transformer/ir/print-ir.js";
import { findStructuralClasses } from "../../../transformer/passes/01-find-structural-classes.js";
import { findPureHelpers } from "../../../transformer/resolve/pure-helpers.js";
import { PASSES, runPasses as runPipeline } from "../../../transformer/pipeline.js";
import { createResolver } from "../../../transformer/resolve/xcs-symbols.js";
import { VirtualPrograms } from "../virtual-program.js";

const programs = new VirtualPrograms();
const FILE = "/virtual/op.ts";

/** The passes that leave an IR to print, in the pipeline's order. */
export const IR_PASSES = PASSES.filter((p) => p.kind === "lower" || p.kind === "analyze").map((p) => p.name);
export type PassName = string;

/** Wraps a `forward` body in a structural class with sub-operators `a`, `b`, `members` and a `config`. */
export function operatorSource(body: string, extra = ""): string {
  return `import { Operator, structuralJit } from "xcs-jit";
type Q = { query: string };
type T = { text: string; score: number; items: string[] };
declare const leafA: Operator<Q, T>;
declare function helper(x: unknown): string;
${extra}
@structuralJit
export class Op extends Operator<Q, unknown> {
  a = leafA;
  b = leafA;
  members = [leafA, leafA];
  config = { verify: true, k: 2 };
  async forward(inputs: Q) {
${body}
  }
}
`;
}

export function runPasses(source: string, until: PassName, withChecker = true): { ir: ForwardIR; text: string; codes: string[] } {
  const program = programs.create({ [FILE]: source });
  const sourceFile = program.getSourceFile(FILE)!;
  const resolver = createResolver(ts, sourceFile, { checker: withChecker ? program.getTypeChecker() : undefined });
  const [found] = findStructuralClasses(ts, sourceFile, resolver);
  if (!found?.forward) throw new Error("no structural class with forward in the source");
  const diagnostics = new DiagnosticCollector(sourceFile, false);
  const context = { ts, sourceFile, resolver, options: {}, runtimeName: "xcs", suppressions: [], pureHelpers: findPureHelpers(ts, sourceFile), found, forward: found.forward, diagnostics };
  let ir: ForwardIR | undefined;
  runPipeline(context, until, (_name, after) => (ir = after));
  if (!ir) throw new Error(`the pipeline stopped before ${until}`);
  return { ir, text: printIR(ir), codes: diagnostics.diagnostics.map((d) => d.code) };
}

export { programs, FILE };
