/**
 * Pass 3 — lower `forward` into the IR.
 *
 * In: the `forward` method of a class that passed the screen. Out: a `ForwardIR` whose regions
 * mirror the body statement by statement. Statements lowering does not model become `opaque`
 * (always host nodes later) with the reason; nothing here throws on user code. Each statement
 * records the outer variables it reads and writes, which host planning needs.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { Declaration, ForwardIR, Place, Region, Stmt, StmtKind } from "../ir/ir.js";
import { ExpressionLowering } from "../lower/lower-expression.js";
import { lowerPattern } from "../lower/lower-pattern.js";
import { patternPlaces } from "../ir/walk.js";
import { collectReferences, Scope } from "../lower/scope.js";
import { stateFacts } from "../ir/state-reads.js";
import type { PureHelpers } from "../resolve/pure-helpers.js";

export function lowerForward(
  ts: TypeScriptApi,
  sourceFile: TS.SourceFile,
  classNode: TS.ClassLikeDeclaration,
  className: string,
  method: TS.MethodDeclaration,
  pureHelpers: PureHelpers,
): ForwardIR {
  const scope = new Scope();
  const lowering = new StatementLowering(ts, sourceFile, scope, pureHelpers);
  const [first, second] = method.parameters;
  const inputsPattern = first && lowering.pattern(first.name, "param");
  const inputs = inputsPattern && { pattern: inputsPattern, places: patternPlaces(inputsPattern) };
  const context = second && ts.isIdentifier(second.name) ? scope.declare(second.name.text, "param", second.name) : undefined;
  const body = lowering.region(method.body!.statements);
  return {
    className,
    classNode,
    method,
    isAsync: !!method.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
    inputs,
    context,
    body,
    places: scope.places,
    state: stateFacts(ts, method.body!, classNode),
  };
}

class StatementLowering {
  private nextId = 0;
  private readonly expressions: ExpressionLowering;

  constructor(private readonly ts: TypeScriptApi, private readonly sourceFile: TS.SourceFile, private readonly scope: Scope, pureHelpers: PureHelpers) {
    this.expressions = new ExpressionLowering(ts, scope, sourceFile, pureHelpers);
  }

  pattern(name: TS.BindingName, declaredAs: Place["declaredAs"]) {
    return lowerPattern(this.ts, name, this.scope, this.expressions, declaredAs);
  }

  region(statements: readonly TS.Statement[]): Region {
    return this.scope.within(() => statements.filter((s) => !this.ts.isEmptyStatement(s)).map((s) => this.statement(s)));
  }

  private statement(node: TS.Statement): Stmt {
    const refs = collectReferences(this.ts, node, this.scope);
    const declares: Place[] = [];
    const kind = this.kindOf(node, declares);
    for (const place of refs.assigned) place.reassigned = true;
    return { ...kind, id: this.nextId++, node, reads: refs.reads, writes: refs.writes, declares } as Stmt;
  }

  private kindOf(node: TS.Statement, declares: Place[]): StmtKind {
    const ts = this.ts;
    const expr = (e: TS.Expression) => this.expressions.lower(e);
    if (ts.isVariableStatement(node)) return this.declaration(node.declarationList, declares);
    if (ts.isReturnStatement(node)) return { kind: "return", value: node.expression && expr(node.expression) };
    if (ts.isExpressionStatement(node)) return this.expressionStatement(node.expression);
    if (ts.isIfStatement(node)) {
      return {
        kind: "if",
        condition: expr(node.expression),
        then: this.branch(node.thenStatement),
        otherwise: node.elseStatement && this.branch(node.elseStatement),
      };
    }
    if (ts.isForOfStatement(node)) return this.forOf(node);
    if (ts.isForStatement(node)) return this.forIndex(node);
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) return node.label ? opaque("labelled jump") : { kind: "jump" };
    if (ts.isTryStatement(node)) return { kind: "opaque", reason: "XCS1004" };
    if (ts.isSwitchStatement(node)) {
      return { kind: "opaque", reason: "XCS1002", args: { text: node.expression.getText(this.sourceFile) }, subject: expr(node.expression) };
    }
    if (ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForInStatement(node)) {
      return { kind: "opaque", reason: "XCS1003", subject: expr(node.expression) };
    }
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) {
      if (node.name) declares.push(this.scope.declare(node.name.text, "function", node.name));
      return { kind: "opaque", reason: "XCS1013" };
    }
    return opaque(ts.isThrowStatement(node) ? "throw" : ts.isBlock(node) ? "block" : ts.SyntaxKind[node.kind]);
  }

  private branch(node: TS.Statement): Region {
    return this.region(this.ts.isBlock(node) ? node.statements : [node]);
  }

  private declaration(list: TS.VariableDeclarationList, declares: Place[]): StmtKind {
    const ts = this.ts;
    const keyword = list.flags & ts.NodeFlags.Const ? "const" : list.flags & ts.NodeFlags.Let ? "let" : "var";
    const declarations: Declaration[] = [];
    const unsupported = list.flags & ts.NodeFlags.Using ? "using declaration" : undefined;
    for (const declaration of list.declarations) {
      // Initializers see only the names declared before them.
      const init = declaration.initializer && this.expressions.lower(declaration.initializer);
      const pattern = this.pattern(declaration.name, keyword);
      const places = patternPlaces(pattern);
      declares.push(...places);
      declarations.push({ pattern, places, init });
    }
    return unsupported ? opaque(unsupported) : { kind: "declare", keyword, declarations };
  }

  private expressionStatement(node: TS.Expression): StmtKind {
    const ts = this.ts;
    if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const place = this.scope.lookup(node.left.text);
      if (place && place.declaredAs !== "param") {
        const value = node.operatorToken.kind === ts.SyntaxKind.EqualsToken
          ? this.expressions.lower(node.right)
          : this.expressions.make(node, { kind: "pure", operands: [this.expressions.lower(node.left), this.expressions.lower(node.right)], lazyFrom: 2 });
        return { kind: "assign", place, value };
      }
    }
    if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && ts.isIdentifier(node.operand) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      const place = this.scope.lookup(node.operand.text);
      if (place && place.declaredAs !== "param") {
        return { kind: "assign", place, value: this.expressions.make(node, { kind: "pure", operands: [this.expressions.lower(node.operand)], lazyFrom: 1 }), counted: true };
      }
    }
    const target = ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? node.left : undefined;
    if (target && (ts.isElementAccessExpression(target) || (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.name))) &&
        ts.isIdentifier(target.expression)) {
      const place = this.scope.lookup(target.expression.text);
      if (place && (place.declaredAs === "const" || place.declaredAs === "let")) {
        // The key is evaluated before the value, as JavaScript does.
        const key = ts.isPropertyAccessExpression(target) ? target.name.text
          : ts.isStringLiteral(target.argumentExpression) || ts.isNumericLiteral(target.argumentExpression) ? target.argumentExpression.text
          : this.expressions.lower(target.argumentExpression);
        return { kind: "set", place, key, value: this.expressions.lower((node as TS.BinaryExpression).right) };
      }
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "push" &&
        !node.arguments.some((a) => ts.isSpreadElement(a))) {
      // `xs.push(…)`, or `state.ctx.docs.push(…)` onto an array written inside a local's literal.
      const path: string[] = [];
      let receiver = node.expression.expression;
      while (ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.name)) {
        path.unshift(receiver.name.text);
        receiver = receiver.expression;
      }
      const place = ts.isIdentifier(receiver) ? this.scope.lookup(receiver.text) : undefined;
      // Only onto an array `forward` made as a literal: any other array (an operator's result, one
      // of `this`) is a value the structure does not hold, and pushing to it is a method call.
      if (place && (place.declaredAs === "const" || place.declaredAs === "let") && this.startsAsArrayLiteral(place, path)) {
        return { kind: "push", place, path, values: node.arguments.map((a) => this.expressions.lower(a)) };
      }
    }
    return { kind: "expression", expr: this.expressions.lower(node) };
  }

  /** Whether the local's initializer is an array literal, or an object literal holding one at `path`. */
  private startsAsArrayLiteral(place: Place, path: readonly string[]): boolean {
    const ts = this.ts;
    const declaration = place.node.parent;
    if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined) return false;
    const unwrap = (e: TS.Expression): TS.Expression => {
      while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
      return e;
    };
    let init = unwrap(declaration.initializer);
    for (const key of path) {
      if (!ts.isObjectLiteralExpression(init)) return false;
      const property = init.properties.find((p): p is TS.PropertyAssignment =>
        ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key);
      if (!property) return false;
      init = unwrap(property.initializer);
    }
    return ts.isArrayLiteralExpression(init);
  }

  private forOf(node: TS.ForOfStatement): StmtKind {
    const ts = this.ts;
    const initializer = node.initializer;
    const scoped = ts.isVariableDeclarationList(initializer) ? initializer.flags & ts.NodeFlags.BlockScoped : 0;
    if (node.awaitModifier || !ts.isVariableDeclarationList(initializer) || initializer.declarations.length !== 1 ||
        (scoped !== ts.NodeFlags.Const && scoped !== ts.NodeFlags.Let)) {
      return opaque("for await, var or an assignment target in for...of");
    }
    const keyword = initializer.flags & ts.NodeFlags.Const ? "const" : "let";
    const iterable = this.expressions.lower(node.expression);
    return this.scope.within(() => {
      const binding = this.pattern(initializer.declarations[0]!.name, "loop");
      return { kind: "for-of", binding, keyword, iterable, body: this.branch(node.statement) };
    });
  }

  private forIndex(node: TS.ForStatement): StmtKind {
    const ts = this.ts;
    const initializer = node.initializer;
    if (!initializer || !ts.isVariableDeclarationList(initializer) || !(initializer.flags & ts.NodeFlags.Let) ||
        initializer.declarations.length !== 1 || !ts.isIdentifier(initializer.declarations[0]!.name) ||
        !initializer.declarations[0]!.initializer || !node.condition || !node.incrementor) {
      return { kind: "opaque", reason: "XCS1003" };
    }
    const declaration = initializer.declarations[0]!;
    const start = this.expressions.lower(declaration.initializer!);
    return this.scope.within(() => {
      const index = this.scope.declare((declaration.name as TS.Identifier).text, "loop", declaration.name);
      const step = updatesOnly(ts, node.incrementor!, index.name)
        ? this.expressions.make(node.incrementor!, { kind: "literal" })
        : this.expressions.make(node.incrementor!, { kind: "opaque", reason: "XCS1003" });
      const header = [start, this.expressions.lower(node.condition!), step];
      return { kind: "for-index", index, header, body: this.branch(node.statement) };
    });
  }
}

function opaque(kind: string): StmtKind {
  return { kind: "opaque", reason: "XCS1010", args: { kind } };
}

/** `i++`, `i--`, `i += k` with a literal k: the index advances by a build-time step. */
function updatesOnly(ts: TypeScriptApi, node: TS.Expression, name: string): boolean {
  if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && ts.isIdentifier(node.operand)) {
    return node.operand.text === name;
  }
  return ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && node.left.text === name &&
    (node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || node.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken) &&
    ts.isNumericLiteral(node.right);
}
