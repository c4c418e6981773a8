/**
 * Pass 6 — infer effects.
 *
 * In: IR with callees and shapes. Out: on each expression, `effect`: the first thing in it that a
 * graph cannot keep — an unknown or effectful call, an assignment, an operator chosen at run time,
 * an `invoke` with options, a call started without `await` whose promise is used as one
 * (`ir/promise-uses.ts`), a fan-out over a run-time array, a call that runs only on some
 * branches, a use of `ctx`. An expression without `effect` can be built as graph nodes or run at
 * build time. Reports nothing; classify turns effects into breaks.
 */
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { Expr, ForwardIR, Pattern } from "../ir/ir.js";
import { isStatic, shapeOf } from "../ir/shapes.js";
import { callbackExpressions, eachExpression, operandsOf, walkExpr, walkRegion } from "../ir/walk.js";
import { isGraphCall, operatorKnownAtBuildTime } from "./05-infer-binding-times.js";

export function inferEffects(ir: ForwardIR): void {
  eachExpression(ir.body, (expr) => {
    expr.effect = ownEffect(expr, ir) ?? operandsOf(expr).find((o) => o.effect)?.effect;
  });
  // A default runs only when the value is `undefined`: a call in it is a call on some runs only.
  walkRegion(ir.body, (stmt) => {
    const patterns = stmt.kind === "declare" ? stmt.declarations.map((d) => d.pattern) : stmt.kind === "for-of" ? [stmt.binding] : [];
    for (const pattern of patterns) conditionalDefaults(pattern);
  });
}

function conditionalDefaults(pattern: Pattern): void {
  if (pattern.kind === "name") return;
  for (const element of pattern.elements) {
    if (element.initializer && !element.initializer.effect && containsCall(element.initializer)) {
      element.initializer.effect = { code: "XCS1010", node: element.node, args: { kind: "default value that calls a function" } };
    }
    conditionalDefaults(element.target);
  }
}

function ownEffect(expr: Expr, ir: ForwardIR): Expr["effect"] {
  const at = (code: DiagnosticCode, args?: Record<string, string>) => ({ code, node: expr.node, args });
  switch (expr.kind) {
    case "opaque":
      return at(expr.reason, expr.args);
    case "variable":
      return expr.place === ir.context ? at("XCS1010", { kind: "use of the context parameter" }) : undefined;
    case "await": case "promise-all":
      // Awaiting a build-time value (a promise the structure would have to wait for while it is built).
      return isStatic(shapeOf(expr.operand)) ? at("XCS1010", { kind: "await of a value known at build time" }) : undefined;
    case "call":
      if (expr.calleeKind === "operator") {
        if (!operatorKnownAtBuildTime(expr)) return at("XCS1011");
        if (expr.promiseUsed) return at("XCS1014");
        return expr.args.length === 1 && !expr.spread ? undefined : at("XCS1008");
      }
      if (expr.calleeKind === "unresolved") return at("XCS1012");
      if (expr.calleeKind === "effectful") return at("XCS1006");
      return isGraphCall(expr) ? undefined : at("XCS1005");
    case "map":
      // Over a run-time array the callback runs as written in a compute node: no calls, and no
      // promises (an async callback's), which the node would hand on unsettled.
      if (expr.how === "compute" && callbackExpressions(expr).some(containsOperatorCall)) return at("XCS1009");
      if (expr.how === "compute" && expr.async) return { code: "XCS1013", node: expr.callback };
      return undefined;
    case "pure": {
      const lazy = expr.operands.slice(expr.lazyFrom);
      if (!lazy.some(containsCall)) return undefined;
      return expr.operands[0] && isStatic(shapeOf(expr.operands[0])) ? at("XCS1010", { kind: "conditional expression with calls" }) : at("XCS1001");
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
