/**
 * Pass 6 — infer effects.
 *
 * In: IR with callees and shapes. Out: on each expression, `effect`: the first thing in it that a
 * graph cannot keep — an unknown or effectful call, an assignment, an operator chosen at run time,
 * an `invoke` with options, a fan-out over a run-time array, a call that runs only on some
 * branches, a use of `ctx`. An expression without `effect` can be built as graph nodes or run at
 * build time. Reports nothing; classify turns effects into breaks.
 */
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { Expr, ForwardIR } from "../ir/ir.js";
import { isStatic } from "../ir/shapes.js";
import { eachExpression, operandsOf, walkExpr } from "../ir/walk.js";
import { isGraphCall } from "./05-infer-binding-times.js";

export function inferEffects(ir: ForwardIR): void {
  eachExpression(ir.body, (expr) => {
    expr.effect = ownEffect(expr, ir) ?? operandsOf(expr).find((o) => o.effect)?.effect;
  });
}

function ownEffect(expr: Expr, ir: ForwardIR): Expr["effect"] {
  const at = (code: DiagnosticCode, args?: Record<string, string>) => ({ code, node: expr.node, args });
  switch (expr.kind) {
    case "opaque":
      return at(expr.reason, expr.args);
    case "variable":
      return expr.place === ir.context ? at("XCS1010", { kind: "use of the context parameter" }) : undefined;
    case "call":
      if (expr.calleeKind === "operator") {
        if (expr.callee.kind !== "member" || !isStatic(expr.callee.object.shape)) return at("XCS1011");
        return expr.args.length === 1 && !expr.spread ? undefined : at("XCS1008");
      }
      if (expr.calleeKind === "unresolved") return at("XCS1012");
      if (expr.calleeKind === "effectful") return at("XCS1006");
      return isGraphCall(expr) ? undefined : at("XCS1005");
    case "map":
      if (!isStatic(expr.array.shape) && expr.array.shape!.kind !== "refs" && containsOperatorCall(expr.body)) return at("XCS1009");
      return undefined;
    case "pure": {
      const lazy = expr.operands.slice(expr.lazyFrom);
      if (!lazy.some(containsCall)) return undefined;
      return isStatic(expr.operands[0]?.shape) ? at("XCS1010", { kind: "conditional expression with calls" }) : at("XCS1001");
    }
    default:
      return undefined;
  }
}

function containsOperatorCall(expr: Expr): boolean {
  let found = false;
  walkExpr(expr, (e) => (found ||= e.kind === "call" && e.calleeKind === "operator"));
  return found;
}

function containsCall(expr: Expr): boolean {
  let found = false;
  walkExpr(expr, (e) => (found ||= e.kind === "call" && e.calleeKind !== "pure" && e.calleeKind !== "pure-on-data"));
  return found;
}
