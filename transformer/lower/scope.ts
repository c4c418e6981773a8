/**
 * Names visible inside `forward` while lowering, and the variables a piece of syntax reads and
 * writes (what host regions need for their live-ins and live-outs).
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { Place } from "../ir/ir.js";
import { MUTATING_METHODS } from "../resolve/known-functions.js";

export class Scope {
  private readonly frames: Map<string, Place>[] = [new Map()];
  private nextId = 0;
  readonly places: Place[] = [];

  declare(name: string, declaredAs: Place["declaredAs"], node: TS.Node): Place {
    const place: Place = { id: this.nextId++, name, declaredAs, node, reassigned: false };
    this.places.push(place);
    this.frames[this.frames.length - 1]!.set(name, place);
    return place;
  }

  lookup(name: string): Place | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const place = this.frames[i]!.get(name);
      if (place) return place;
    }
    return undefined;
  }

  within<T>(body: () => T): T {
    this.frames.push(new Map());
    try {
      return body();
    } finally {
      this.frames.pop();
    }
  }
}

export interface References {
  readonly reads: Set<Place>;
  /** Assigned or changed in place. */
  readonly writes: Set<Place>;
  /** Assigned (the variable itself takes a new value). */
  readonly assigned: Set<Place>;
}

/**
 * The outer variables a statement reads and writes. Conservative where it cannot be exact: a name
 * shadowed inside the statement still counts as a read of the outer one, which only passes one
 * value too many to a host node.
 */
export function collectReferences(ts: TypeScriptApi, node: TS.Node, scope: Scope, into?: References): References {
  const refs = into ?? { reads: new Set<Place>(), writes: new Set<Place>(), assigned: new Set<Place>() };
  const visit = (current: TS.Node): void => {
    if (ts.isIdentifier(current) && isReference(ts, current)) {
      const place = scope.lookup(current.text);
      if (place) {
        refs.reads.add(place);
        if (isAssigned(ts, current)) refs.assigned.add(place);
        if (isAssigned(ts, current) || isMutated(ts, current)) refs.writes.add(place);
      }
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return refs;
}

/** Whether `node` names a variable that it assigns or changes in place (`x = …`, `x.a = …`, `x.push(…)`). */
export function isWritten(ts: TypeScriptApi, node: TS.Identifier): boolean {
  return isReference(ts, node) && (isAssigned(ts, node) || isMutated(ts, node));
}

function isReference(ts: TypeScriptApi, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) ||
       ts.isGetAccessor(parent) || ts.isSetAccessor(parent)) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isParameter(parent) ||
       ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent)) && parent.name === node) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent)) return false;
  return true;
}


/** Changed in place (`x.push(…)`, `x.a = …`): a host node that does it must hand `x` on as a live-out. */
function isMutated(ts: TypeScriptApi, node: TS.Identifier): boolean {
  let target: TS.Node = node;
  while ((ts.isPropertyAccessExpression(target.parent) || ts.isElementAccessExpression(target.parent)) && target.parent.expression === target) {
    const access = target.parent;
    if (ts.isPropertyAccessExpression(access) && ts.isCallExpression(access.parent) && access.parent.expression === access &&
        MUTATING_METHODS.has(access.name.text)) return true;
    if ((ts.isBinaryExpression(access.parent) && access.parent.left === access &&
         access.parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && access.parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
        ((ts.isPrefixUnaryExpression(access.parent) || ts.isPostfixUnaryExpression(access.parent)) &&
         (access.parent.operator === ts.SyntaxKind.PlusPlusToken || access.parent.operator === ts.SyntaxKind.MinusMinusToken)) ||
        ts.isDeleteExpression(access.parent)) return true;
    target = access;
  }
  return false;
}

/** Whether `node` is a target of an assignment (`x = …`, `[x] = …`, `x++`, `for (x of …)`). */
export function isAssigned(ts: TypeScriptApi, node: TS.Identifier): boolean {
  let target: TS.Node = node;
  while (ts.isParenthesizedExpression(target.parent) || ts.isShorthandPropertyAssignment(target.parent) ||
         ts.isArrayLiteralExpression(target.parent) || ts.isObjectLiteralExpression(target.parent) ||
         ts.isPropertyAssignment(target.parent) || ts.isSpreadElement(target.parent) || ts.isSpreadAssignment(target.parent)) {
    if (ts.isPropertyAssignment(target.parent) && target.parent.name === target) return false;
    target = target.parent;
  }
  const parent = target.parent;
  if (ts.isBinaryExpression(parent) && parent.left === target) {
    return parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
  }
  return (ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.initializer === target;
}
