/**
 * Runs the transformer's passes one by one on a source string, for pass tests: the IR after any
 * pass, printed, and the diagnostics collected so far.
 */
import * as ts from "typescript";
import { DiagnosticCollector } from "../../../transformer/diagnostics/collector.js";
import type { ForwardIR } from "../../../transformer/ir/ir.js";
import { printIR } from "../../../transformer/ir/print-ir.js";
import { findStructuralClasses } from "../../../transformer/passes/01-find-structural-classes.js";
import { screenUnsupported } from "../../../transformer/passes/02-screen-unsupported.js";
import { lowerForward } from "../../../transformer/passes/03-lower-forward.js";
import { resolveCallees } from "../../../transformer/passes/04-resolve-callees.js";
import { inferBindingTimes } from "../../../transformer/passes/05-infer-binding-times.js";
import { inferEffects } from "../../../transformer/passes/06-infer-effects.js";
import { classify } from "../../../transformer/passes/07-classify.js";
import { planHostRegions } from "../../../transformer/passes/08-plan-host-regions.js";
import { createResolver } from "../../../transformer/resolve/xcs-symbols.js";
import { VirtualPrograms } from "../virtual-program.js";

const programs = new VirtualPrograms();
const FILE = "/virtual/op.ts";

export const PASSES = ["lower-forward", "resolve-callees", "infer-binding-times", "infer-effects", "classify", "plan-host-regions"] as const;
export type PassName = (typeof PASSES)[number];

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
  screenUnsupported(ts, found.forward, diagnostics);
  const ir = lowerForward(ts, sourceFile, found.node, found.name, found.forward);
  const steps: Record<PassName, () => void> = {
    "lower-forward": () => {},
    "resolve-callees": () => resolveCallees(ir, resolver),
    "infer-binding-times": () => inferBindingTimes(ir),
    "infer-effects": () => inferEffects(ir),
    classify: () => classify(ts, ir, diagnostics),
    "plan-host-regions": () => planHostRegions(ts, ir),
  };
  for (const pass of PASSES) {
    steps[pass]();
    if (pass === until) break;
  }
  return { ir, text: printIR(ir), codes: diagnostics.diagnostics.map((d) => d.code) };
}

export { programs, FILE };
