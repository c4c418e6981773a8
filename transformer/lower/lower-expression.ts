/**
 * Lowering of expressions: TypeScript syntax → IR expression nodes. Syntax only; what a callee is
 * and whether a value is static are decided by later passes. Constructs a graph cannot hold become
 * `opaque` nodes carrying the diagnostic that explains them, never exceptions.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { Declaration, Expr, ExprKind, ObjectProperty } from "../ir/ir.js";
import { patternPlaces } from "../ir/walk.js";
import { isPureCallback } from "../resolve/known-functions.js";
import type { PureHelpers } from "../resolve/pure-helpers.js";
import { lowerPattern } from "./lower-pattern.js";
import type { Scope } from "./scope.js";
import { changedModuleState } from "./module-state.js";

export class ExpressionLowering {
  private nextId = 0;

  constructor(private readonly ts: TypeScriptApi, private readonly scope: Scope, private readonly sourceFile: TS.SourceFile,
              private readonly pureHelpers: PureHelpers) {}

  lower(node: TS.Expression): Expr {
    const ts = this.ts;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) ||
        ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
      return this.lower(node.expression);
    }
    return this.make(node, this.kindOf(node));
  }

  make(node: TS.Expression, kind: ExprKind): Expr {
    return { ...kind, id: this.nextId++, node } as Expr;
  }

  private kindOf(node: TS.Expression): ExprKind {
    const ts = this.ts;
    if (node.kind === ts.SyntaxKind.ThisKeyword) return { kind: "this" };
    if (ts.isIdentifier(node)) {
      if (node.text === "undefined") return { kind: "literal" };
      const place = this.scope.lookup(node.text);
      if (place) return { kind: "variable", place };
      // Module state code in this file changes: read where eager reads it, as host code.
      if (changedModuleState(ts, this.sourceFile).has(node.text)) return { kind: "opaque", reason: "XCS1015", args: { name: node.text } };
      return { kind: "global", name: node.text };
    }
    if (ts.isLiteralExpression(node) || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword ||
        node.kind === ts.SyntaxKind.NullKeyword) {
      return { kind: "literal" };
    }
    if (ts.isPropertyAccessExpression(node)) {
      return { kind: "member", object: this.lower(node.expression), key: node.name.text, optional: !!node.questionDotToken };
    }
    if (ts.isElementAccessExpression(node)) {
      const index = node.argumentExpression;
      const optional = !!node.questionDotToken;
      if (ts.isStringLiteral(index) || ts.isNoSubstitutionTemplateLiteral(index)) {
        return { kind: "member", object: this.lower(node.expression), key: index.text, optional };
      }
      if (ts.isNumericLiteral(index)) return { kind: "member", object: this.lower(node.expression), key: Number(index.text), optional };
      return { kind: "element", object: this.lower(node.expression), index: this.lower(index), optional };
    }
    if (ts.isCallExpression(node)) return this.call(node);
    if (ts.isAwaitExpression(node)) return { kind: "await", operand: this.lower(node.expression) };
    if (ts.isArrayLiteralExpression(node)) {
      return {
        kind: "array",
        elements: node.elements.map((element) =>
          ts.isSpreadElement(element)
            ? { spread: true, value: this.lower(element.expression) }
            : { spread: false, value: ts.isOmittedExpression(element) ? this.make(element, { kind: "literal" }) : this.lower(element) }),
      };
    }
    if (ts.isObjectLiteralExpression(node)) return this.object(node);
    if (ts.isTemplateExpression(node)) return this.pure(node.templateSpans.map((span) => span.expression));
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) {
        return { kind: "opaque", reason: "XCS1007" };
      }
      const lazy = operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.QuestionQuestionToken;
      return this.pure([node.left, node.right], lazy ? 1 : 2);
    }
    if (ts.isConditionalExpression(node)) return this.pure([node.condition, node.whenTrue, node.whenFalse], 1);
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) {
        return { kind: "opaque", reason: "XCS1007" };
      }
      return this.pure([node.operand]);
    }
    // `void p` of a name (a started call's promise, left running) reads nothing a node must wait for.
    if (ts.isVoidExpression(node) && ts.isIdentifier(node.expression)) return { kind: "literal" };
    if (ts.isTypeOfExpression(node) || ts.isVoidExpression(node)) return this.pure([node.expression]);
    if (ts.isDeleteExpression(node)) return { kind: "opaque", reason: "XCS1007" };
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) {
      return { kind: "opaque", reason: "XCS1013" };
    }
    if (ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) return { kind: "opaque", reason: "XCS1005" };
    return { kind: "opaque", reason: "XCS1010", args: { kind: ts.SyntaxKind[node.kind] } };
  }

  private pure(operands: readonly TS.Expression[], lazyFrom = operands.length): ExprKind {
    return { kind: "pure", operands: operands.map((o) => this.lower(o)), lazyFrom };
  }

  private call(node: TS.CallExpression): ExprKind {
    const ts = this.ts;
    const callee = node.expression;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method === "all" && ts.isIdentifier((callee as TS.PropertyAccessExpression).expression) &&
        ((callee as TS.PropertyAccessExpression).expression as TS.Identifier).text === "Promise" &&
        !this.scope.lookup("Promise") && node.arguments.length === 1 && !ts.isSpreadElement(node.arguments[0]!)) {
      return { kind: "promise-all", operand: this.lower(node.arguments[0]!) };
    }
    if (method === "map" && node.arguments.length === 1 && !node.questionDotToken) {
      const map = this.map((callee as TS.PropertyAccessExpression).expression, node.arguments[0]!);
      if (map) return map;
    }
    return {
      kind: "call",
      callee: this.lower(callee),
      args: node.arguments.map((arg) =>
        ts.isSpreadElement(arg) ? this.lower(arg.expression) : isPureCallback(ts, arg, (name) => this.pureHelpers.has(name) && !this.scope.lookup(name)) ? this.closure(arg as TS.ArrowFunction) : this.lower(arg)),
      method,
      spread: node.arguments.some((arg) => ts.isSpreadElement(arg)),
      // Part of an optional chain (`a?.b.invoke(x)`, `f?.(x)`): the call may not happen.
      optional: ts.isOptionalChain(node),
      started: isStarted(ts, node),
    };
  }

  /** A pure arrow function passed to a pure method: a pure value over the variables it closes over. */
  private closure(node: TS.ArrowFunction): Expr {
    const operands: Expr[] = [];
    // Its own parameters (and those of functions inside it) shadow `forward`'s names: `xs.map((q) => q.trim())`
    // reads no `q` of `forward`.
    const own = new Set<string>();
    const bound = (name: TS.BindingName): void => {
      if (this.ts.isIdentifier(name)) own.add(name.text);
      else for (const element of name.elements) if (!this.ts.isOmittedExpression(element)) bound(element.name);
    };
    const params = (current: TS.Node): void => {
      if (this.ts.isParameter(current)) bound(current.name);
      this.ts.forEachChild(current, params);
    };
    params(node);
    const visit = (current: TS.Node): void => {
      if (this.ts.isIdentifier(current) && !own.has(current.text) && !(this.ts.isPropertyAccessExpression(current.parent) && current.parent.name === current)) {
        const place = this.scope.lookup(current.text);
        if (place) operands.push(this.make(current, { kind: "variable", place }));
      }
      this.ts.forEachChild(current, visit);
    };
    visit(node.body);
    return this.make(node, { kind: "pure", operands, lazyFrom: operands.length });
  }

  /**
   * `array.map((x, i) => expression)`, with names or patterns as parameters, `async` or not, and a
   * body that is one expression or a block of `const` declarations ending in a `return`: a
   * build-time or compute map.
   */
  private map(array: TS.Expression, callback: TS.Expression): ExprKind | undefined {
    const ts = this.ts;
    if (!ts.isArrowFunction(callback) || callback.parameters.length > 2) return undefined;
    const isAsync = !!callback.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    if (callback.parameters.some((p) => p.initializer || p.dotDotDotToken)) return undefined;
    const body = callback.body;
    const statements = ts.isBlock(body) ? body.statements : [];
    const last = statements[statements.length - 1];
    const result = !ts.isBlock(body) ? body : last && ts.isReturnStatement(last) ? last.expression : undefined;
    const steps = statements.slice(0, -1);
    if (!result || !steps.every((s) => ts.isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.BlockScoped) === ts.NodeFlags.Const)) {
      return undefined;
    }
    const lowered = this.lower(array);
    return this.scope.within(() => {
      const params = callback.parameters.map((p) => lowerPattern(ts, p.name, this.scope, this, "callback"));
      const declarations = steps.flatMap((s) => (s as TS.VariableStatement).declarationList.declarations.map((d): Declaration => {
        // The initializer sees only the names declared before it.
        const init = this.lower(d.initializer!);
        const pattern = lowerPattern(ts, d.name, this.scope, this, "const");
        return { pattern, places: patternPlaces(pattern), init };
      }));
      return { kind: "map", array: lowered, params, steps: declarations, body: this.lower(result), async: isAsync, callback };
    });
  }

  private object(node: TS.ObjectLiteralExpression): ExprKind {
    const ts = this.ts;
    const properties: ObjectProperty[] = [];
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        properties.push({ spread: true, value: this.lower(property.expression), node: property });
      } else if (ts.isShorthandPropertyAssignment(property) && !property.objectAssignmentInitializer) {
        properties.push({ spread: false, key: property.name.text, value: this.lower(property.name), node: property });
      } else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ||
                 ts.isNumericLiteral(property.name))) {
        properties.push({ spread: false, key: property.name.text, value: this.lower(property.initializer), node: property });
      } else if (ts.isPropertyAssignment(property) && ts.isComputedPropertyName(property.name)) {
        // The key is evaluated before the value, as JavaScript does.
        const key = this.lower(property.name.expression);
        properties.push({ spread: false, key, value: this.lower(property.initializer), node: property });
      } else {
        return { kind: "opaque", reason: "XCS1010", args: { kind: "object member " + property.getText(this.sourceFile) } };
      }
    }
    return { kind: "object", properties };
  }
}

/**
 * Whether the code goes on without awaiting a call where it is written: its promise is bound to a
 * name as it is (`const p = this.a.invoke(x)`, or assigned, `p = this.a.invoke(x)`), is an element
 * or a field of a literal so bound (`const ps = [this.a.invoke(x), this.b.invoke(y)]`), what a
 * `.map` callback so bound returns (`const ps = xs.map((x) => this.a.invoke(x))`), or is dropped
 * (`this.log.invoke(x);` as a statement). Through parentheses and type assertions.
 */
function isStarted(ts: TypeScriptApi, node: TS.CallExpression): boolean {
  const outer = (expr: TS.Node): TS.Node => {
    while (ts.isParenthesizedExpression(expr.parent) || ts.isAsExpression(expr.parent) || ts.isNonNullExpression(expr.parent) ||
           ts.isSatisfiesExpression(expr.parent) || ts.isTypeAssertionExpression(expr.parent)) expr = expr.parent;
    return expr;
  };
  const bound = (expr: TS.Node): boolean => {
    const parent = expr.parent;
    if (ts.isVariableDeclaration(parent)) return parent.initializer === expr;
    if (ts.isBinaryExpression(parent)) return parent.right === expr && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isExpressionStatement(outer(parent).parent);
    if (ts.isArrayLiteralExpression(parent)) return bound(outer(parent));
    if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) return parent.initializer === expr && bound(outer(parent.parent));
    // The body of a `.map` callback: what the map makes holds the promises.
    if (ts.isArrowFunction(parent) && parent.body === expr && ts.isCallExpression(parent.parent) && parent.parent.arguments[0] === parent &&
        ts.isPropertyAccessExpression(parent.parent.expression) && parent.parent.expression.name.text === "map") return bound(outer(parent.parent));
    return false;
  };
  const call = outer(node);
  return bound(call) || ts.isExpressionStatement(call.parent);
}
