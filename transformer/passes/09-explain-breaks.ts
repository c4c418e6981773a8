/**
 * Pass 9 — explain breaks.
 *
 * In: classified IR with its host regions planned. Out: one diagnostic per break reason (the
 * `breaks` classify recorded), each saying what the break costs the run. A host node starts only
 * once every node before it has succeeded (it keeps eager's program order), so what a break costs
 * is what waits for it: the operator calls inside it, which cannot start early, and the later
 * calls that read what it computes, which now wait for every call before it too, and those that
 * read a part of a value it may change (`HostRegion.changes`), which wait when that part is an
 * object. A break that nothing waits for costs nothing, and a break in the tail of `forward` never does.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import { snippet, type DiagnosticCollector } from "../diagnostics/collector.js";
import type { ForwardIR, HostRegion, Place, Region, Stmt } from "../ir/ir.js";
import { expressionsOf, regionsOf, walkExpr } from "../ir/walk.js";

export function explainBreaks(ts: TypeScriptApi, ir: ForwardIR, sourceFile: TS.SourceFile, diagnostics: DiagnosticCollector): void {
  const order = programOrder(ir.body);
  for (const region of ir.hostRegions!.values()) {
    const cost = costOf(ts, region, order, sourceFile);
    for (const stmt of region.statements) {
      for (const reason of stmt.breaks ?? []) diagnostics.report(reason.code, reason.node, reason.args, cost);
    }
  }
}

/** Statements in program order, host statements as one unit (what is inside them runs as written). */
function programOrder(region: Region, out: Stmt[] = []): Stmt[] {
  for (const stmt of region) {
    out.push(stmt);
    if (stmt.role !== "host") for (const inner of regionsOf(stmt)) programOrder(inner, out);
  }
  return out;
}

function costOf(ts: TypeScriptApi, region: HostRegion, order: readonly Stmt[], sourceFile: TS.SourceFile): string {
  const first = order.indexOf(region.statements[0]!);
  const last = order.indexOf(region.statements[region.statements.length - 1]!);
  const before = order.slice(0, first).filter((s) => s.role === "graph").flatMap((s) => operatorCalls([s]));
  const inside = invokeCalls(ts, region.statements);
  const waiting = region.tail ? [] : readersOf(region.liveOuts, order.slice(last + 1));
  const changed = region.tail ? [] : readersOf([...new Set(region.changes.map((c) => c.place))], order.slice(last + 1)).filter((c) => !waiting.includes(c));
  const earlier = before.length > 0 ? `every call before it (${list(before, sourceFile)})` : undefined;
  const sentences: string[] = [];
  if (inside.length > 0) {
    const calls = inside.length === 1 ? `The call inside it, ${list(inside, sourceFile)}, runs` : `The calls inside it (${list(inside, sourceFile)}) run in order`;
    sentences.push(`${calls} as written${earlier ? ` and cannot start before ${earlier} has finished` : ""}.`);
  }
  if (waiting.length > 0) {
    const many = new Set(waiting.map((c) => snippet(c, sourceFile))).size > 1;
    sentences.push(`${list(waiting, sourceFile)} now wait${many ? "" : "s"} for it${earlier ? `, and so for ${earlier}` : ""}.`);
  }
  if (changed.length > 0) {
    const many = new Set(changed.map((c) => snippet(c, sourceFile))).size > 1;
    const parts = region.changes.map((c) => `\`${[c.place.name, ...c.path].join(".")}\``).join(", ");
    sentences.push(`${list(changed, sourceFile)} read${many ? "" : "s"} what it may change (${parts}), and wait${many ? "" : "s"} for it when that is an object${earlier ? `, and so for ${earlier}` : ""}.`);
  }
  if (sentences.length > 0) return sentences.join(" ");
  return region.tail
    ? "It is in the tail of `forward`, where nothing else runs after it, so this break costs nothing."
    : "No later call waits for it, so this break costs nothing.";
}

/**
 * The operator calls of the statements after a host region that read what it computes, directly
 * or through values derived from it (host statements among them wait for it anyway, as effects).
 */
function readersOf(liveOuts: readonly Place[], after: readonly Stmt[]): TS.Expression[] {
  const tainted = new Set(liveOuts);
  const calls: TS.Expression[] = [];
  for (const stmt of after) {
    if (stmt.role !== "graph" || ![...stmt.reads].some((p) => tainted.has(p))) continue;
    for (const place of [...stmt.declares, ...stmt.writes]) tainted.add(place);
    calls.push(...operatorCalls([stmt]));
  }
  return calls;
}

/** The operator calls a graph statement makes (not those of its sub-regions, which come after it in program order). */
function operatorCalls(statements: readonly Stmt[]): TS.Expression[] {
  const calls: TS.Expression[] = [];
  for (const stmt of statements) {
    for (const expr of expressionsOf(stmt)) walkExpr(expr, (e) => e.kind === "call" && e.calleeKind === "operator" && calls.push(e.node));
  }
  return calls;
}

/**
 * The `.invoke(...)` calls written inside host statements. By their syntax: a host statement may be
 * one lowering never modelled (`while`, `try`), whose calls have no IR.
 */
function invokeCalls(ts: TypeScriptApi, statements: readonly Stmt[]): TS.Expression[] {
  const calls: TS.Expression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "invoke") calls.push(node);
    ts.forEachChild(node, visit);
  };
  statements.forEach((s) => visit(s.node));
  return calls;
}

/** At most two calls by their text, then how many more. */
function list(calls: readonly TS.Expression[], sourceFile: TS.SourceFile): string {
  const names = [...new Set(calls.map((c) => `\`${snippet(c, sourceFile)}\``))];
  if (names.length <= 2) return names.join(" and ");
  return `${names.slice(0, 2).join(", ")} and ${names.length - 2} more`;
}

