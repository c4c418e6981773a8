/**
 * Lowering of binding patterns (`const [{ a }, ...rest] = ...`, `for (const [k, v] of ...)`, the
 * inputs parameter): every leaf becomes a place, every default and computed key an expression,
 * lowered in the scope JavaScript evaluates it in (a default sees the names bound before it).
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { Pattern, PatternElement, Place } from "../ir/ir.js";
import type { ExpressionLowering } from "./lower-expression.js";
import type { Scope } from "./scope.js";

export function lowerPattern(ts: TypeScriptApi, name: TS.BindingName, scope: Scope, expressions: ExpressionLowering,
                             declaredAs: Place["declaredAs"]): Pattern {
  if (ts.isIdentifier(name)) return { kind: "name", place: scope.declare(name.text, declaredAs, name), node: name };
  const array = ts.isArrayBindingPattern(name);
  const elements: PatternElement[] = [];
  name.elements.forEach((element, index) => {
    if (ts.isOmittedExpression(element)) return;
    const rest = !!element.dotDotDotToken;
    let key: PatternElement["key"];
    if (array) key = index;
    else if (rest) key = undefined;
    else if (!element.propertyName) key = (element.name as TS.Identifier).text;
    else if (ts.isComputedPropertyName(element.propertyName)) key = expressions.lower(element.propertyName.expression);
    else key = (element.propertyName as TS.Identifier | TS.StringLiteral | TS.NumericLiteral).text;
    const initializer = element.initializer && expressions.lower(element.initializer);
    const target = lowerPattern(ts, element.name, scope, expressions, declaredAs);
    elements.push({ key, target, initializer, rest, node: element });
  });
  return { kind: array ? "array" : "object", elements, node: name };
}
