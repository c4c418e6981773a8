/**
 * Pass 7 — classify.
 *
 * In: IR with shapes and effects. Out: every statement's `role`: `graph` (run while the structure
 * is built; its dynamic expressions become call, field, compute and packing nodes, its static ones
 * run as written) or `host` (a graph break: the original statement runs as an opaque node), with
 * the reasons as XCS1xxx diagnostics. Control flow on a dynamic value makes the whole statement a
 * host node; on a static value it stays a build-time region and its body is classified in turn.
 * The breaks are reported by explain-breaks, once host regions say what each one costs.
 * A `break`, `continue` or `return` inside a host statement nested in a build-time region cannot
 * leave the host node: that is a class bail-out (XCS2006).
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { DiagnosticCollector } from "../diagnostics/collector.js";
import type { ForwardIR, Region, Stmt } from "../ir/ir.js";
import { expressionsOf, regionsOf } from "../ir/walk.js";
import { isStatic, shapeOf } from "../ir/shapes.js";
import { runsAtRunTime } from "./05-infer-binding-times.js";

export function classify(ts: TypeScriptApi, ir: ForwardIR, diagnostics: DiagnosticCollector): void {
  classifyRegion(ts, ir.body, true, diagnostics);
}

function classifyRegion(ts: TypeScriptApi, region: Region, topLevel: boolean, diagnostics: DiagnosticCollector): void {
  for (const stmt of region) {
    const reasons = breakReasons(stmt);
    if (reasons.length === 0) {
      stmt.role = "graph";
      if (stmt.kind === "push") stmt.place.grown = stmt.path.length === 0 ? "array" : "object";
      if (stmt.kind === "set") stmt.place.grown = "object";
      for (const inner of regionsOf(stmt)) classifyRegion(ts, inner, false, diagnostics);
      continue;
    }
    stmt.role = "host";
    stmt.breaks = reasons;
    const escape = topLevel ? undefined : findEscape(ts, stmt.node);
    if (escape) diagnostics.report("XCS2006", escape);
  }
}

function breakReasons(stmt: Stmt): NonNullable<Stmt["breaks"]> {
  if (stmt.kind === "opaque") {
    // A switch or loop on a build-time value is a host node for what it is, not for its subject.
    if (stmt.subject && isStatic(shapeOf(stmt.subject)) && !stmt.subject.effect) {
      return [{ code: "XCS1010", node: stmt.node, args: { kind: stmt.reason === "XCS1002" ? "switch" : "while, do or for...in" } }];
    }
    return [{ code: stmt.reason, node: stmt.node, args: stmt.args }];
  }
  if (stmt.kind === "if" && runsAtRunTime(stmt)) return [{ code: "XCS1001", node: stmt.condition.node }];
  if ((stmt.kind === "for-of" || stmt.kind === "for-index") && runsAtRunTime(stmt)) return [{ code: "XCS1003", node: stmt.node }];
  const reasons: NonNullable<Stmt["breaks"]> = [];
  for (const expr of expressionsOf(stmt)) if (expr.effect) reasons.push(expr.effect);
  // Reported at the assignment, as a write inside an expression is.
  if ((stmt.kind === "assign" || stmt.kind === "set" || stmt.kind === "push") && reasons.length === 0 && runsAtRunTime(stmt)) {
    reasons.push({ code: "XCS1007", node: (stmt.node as TS.ExpressionStatement).expression });
  }
  return reasons;
}

/** A jump or return inside `node` that would leave it (not one aimed at a loop or function inside it). */
function findEscape(ts: TypeScriptApi, node: import("typescript").Node): import("typescript").Node | undefined {
  const visit = (current: import("typescript").Node, inLoop: boolean): import("typescript").Node | undefined => {
    if (ts.isReturnStatement(current)) return current;
    if ((ts.isBreakStatement(current) && !inLoop) || (ts.isContinueStatement(current) && !inLoop)) return current;
    if (ts.isFunctionLike(current) || ts.isClassLike(current)) return undefined;
    const loop = inLoop || ts.isIterationStatement(current, false) || ts.isSwitchStatement(current);
    return ts.forEachChild(current, (child) => visit(child, loop));
  };
  return visit(node, false);
}
