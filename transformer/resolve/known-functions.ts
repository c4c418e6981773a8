/**
 * What the transformer knows about functions it did not write: which are pure (may become compute
 * nodes or run at graph-build time) and which have effects or differ on every call (host nodes,
 * in program order). Everything not listed is unknown, which is treated like effectful.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { Expr, MadeParts } from "../ir/ir.js";

const PURE_GLOBALS = new Set([
  "String", "Number", "Boolean", "BigInt", "parseInt", "parseFloat", "isNaN", "isFinite",
  "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI", "structuredClone",
]);

const PURE_NAMESPACES: Record<string, ReadonlySet<string> | "all"> = {
  Math: "all",
  JSON: new Set(["stringify", "parse"]),
  Object: new Set(["keys", "values", "entries", "fromEntries", "freeze", "is"]),
  Array: new Set(["isArray", "of"]),
  Number: new Set(["isInteger", "isFinite", "isNaN", "isSafeInteger", "parseFloat", "parseInt"]),
  String: new Set(["fromCharCode", "fromCodePoint"]),
};

const EFFECTFUL_GLOBALS = new Set(["console", "fetch", "setTimeout", "setInterval", "queueMicrotask", "alert", "process", "crypto", "performance"]);
const NONDETERMINISTIC = new Set(["Math.random", "Date.now", "performance.now", "crypto.randomUUID"]);

/** Array, Map and Set methods that change their receiver. */
export const MUTATING_METHODS = new Set([
  "push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "add", "delete", "clear",
]);

/** Methods of strings, arrays and numbers that return a new value and change nothing. */
export const PURE_DATA_METHODS = new Set([
  "toUpperCase", "toLowerCase", "trim", "trimStart", "trimEnd", "slice", "substring", "split", "join", "includes",
  "indexOf", "lastIndexOf", "startsWith", "endsWith", "padStart", "padEnd", "replace", "replaceAll", "repeat",
  "concat", "at", "charAt", "toString", "toFixed", "flat", "some", "every", "find", "findIndex", "filter", "reduce",
  "map", "flatMap", "toSorted", "toReversed", "with", "localeCompare", "normalize", "keys", "values", "entries",
]);

/** Data methods that call what they are given (a callback, a replacer function): pure only if that is. */
const CALLING_METHODS = new Set(["map", "flatMap", "filter", "some", "every", "find", "findIndex", "reduce", "toSorted", "replace", "replaceAll"]);

/**
 * Whether a data method call may run code it is given, code the transformer does not know to be
 * pure: an argument of a method that calls what it is given (`words.map(noisy)`, `s.replace(/ /g,
 * log)`) that is not a literal, a template or a pure global (`Boolean`). The built-in method then
 * runs user code, which may log or count: not a build-time step.
 */
export function mayRunCodeGiven(call: Extract<Expr, { kind: "call" }>): boolean {
  if (call.method === undefined || !CALLING_METHODS.has(call.method)) return false;
  return call.args.some((arg) => {
    if (arg.kind === "literal" || (arg.kind === "pure" && "templateSpans" in arg.node)) return false;
    const path = globalPath(arg);
    return path === undefined || !(PURE_GLOBALS.has(path) || path.startsWith("Math."));
  });
}

/** Data methods whose result is a primitive (a string, number or boolean) on any receiver. */
export const PRIMITIVE_METHODS = new Set([
  "toUpperCase", "toLowerCase", "trim", "trimStart", "trimEnd", "substring", "join", "includes", "indexOf", "lastIndexOf",
  "startsWith", "endsWith", "padStart", "padEnd", "replace", "replaceAll", "repeat", "charAt", "toString", "toFixed",
  "some", "every", "findIndex", "localeCompare", "normalize",
]);

/** Pure globals (and namespace members) whose result is a primitive whatever they are given. */
const PRIMITIVE_GLOBALS = new Set([
  "String", "Number", "Boolean", "BigInt", "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURIComponent",
  "decodeURIComponent", "encodeURI", "decodeURI", "JSON.stringify", "Object.is", "Array.isArray",
]);

/**
 * Whether a call's result is a primitive whatever it is given: a global of `PRIMITIVE_GLOBALS` or
 * `Math`, or a data method of `PRIMITIVE_METHODS`. Anything else may return an object it makes.
 */
export function returnsPrimitive(call: Extract<Expr, { kind: "call" }>): boolean {
  const path = globalPath(call.callee);
  if (path !== undefined) return PRIMITIVE_GLOBALS.has(path) || path.startsWith("Math.");
  return call.method !== undefined && PRIMITIVE_METHODS.has(call.method);
}

/** Globals that make every part of what they return (a parsed or cloned tree), not only the whole. */
const DEEP_MAKING_GLOBALS = new Set(["JSON.parse", "structuredClone"]);

/**
 * Whether the part at `path` of a call's result is made by the call, when the call's result is an
 * object at all (`returnsPrimitive`): the whole of any call; every part of `JSON.parse(s)` and
 * `structuredClone(v)`; the pairs of `Object.entries(o)` and `xs.entries()`; what a helper of the
 * file makes, by the literals of its one expression (`madeParts`). Other parts are taken to be
 * parts of its operands (`xs.slice()[0]`, a pair's value, a helper's parameter), which eager's
 * calls share too.
 */
export function makesPart(call: Extract<Expr, { kind: "call" }>, path: readonly string[]): boolean {
  if (path.length === 0) return true;
  if (call.madeParts !== undefined) return madeAt(call.madeParts, path);
  const callee = globalPath(call.callee);
  if (callee !== undefined && DEEP_MAKING_GLOBALS.has(callee)) return true;
  return path.length === 1 && (callee === "Object.entries" || (callee === undefined && call.method === "entries"));
}

/** Whether the part at `path` (`*`: any key) is one `made` makes. */
function madeAt(made: MadeParts | undefined, path: readonly string[]): boolean {
  for (const key of path) {
    if (made === undefined) return false;
    if (made === "all") return true;
    if (made.kind === "array") made = made.element;
    else if (key === "*") return made.any || [...made.fields.values()].some((m) => m !== undefined);
    else made = made.fields.has(key) ? made.fields.get(key) : made.any ? "all" : undefined;
  }
  return made !== undefined;
}

/** `name` or `namespace.name` when the callee is a global (not a variable of forward). */
export function globalPath(callee: Expr): string | undefined {
  if (callee.kind === "global") return callee.name;
  if (callee.kind === "member" && callee.object.kind === "global" && typeof callee.key === "string") {
    return `${callee.object.name}.${callee.key}`;
  }
  return undefined;
}

/** Array methods that return a new array (when they are the built-ins): a copy no one else holds. */
const COPYING_METHODS = new Set(["slice", "concat", "map", "filter", "flat", "flatMap", "toSorted", "toReversed", "with", "split"]);

/** Methods that change their receiver in place and return it. */
const IN_PLACE_METHODS = new Set(["sort", "reverse"]);

/**
 * Whether `receiver.name(...)` is a data method that changes nothing anyone else can see: a
 * method of `PURE_DATA_METHODS`, or `sort`/`reverse` on an array the receiver expression has just
 * made (`[...xs].sort(cmp)`, `xs.slice().reverse()`), which no one else holds. Whether the
 * method is the built-in one at all is the caller's question (made data, a collection's type,
 * or run-time data).
 */
export function isDataMethod(ts: TypeScriptApi, name: string, receiver: TS.Expression): boolean {
  return PURE_DATA_METHODS.has(name) || (IN_PLACE_METHODS.has(name) && isFreshArray(ts, receiver));
}

/** An array literal, or what a copying method (or an in-place one on such an array) returns. */
function isFreshArray(ts: TypeScriptApi, node: TS.Expression): boolean {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isArrayLiteralExpression(node)) return true;
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const method = node.expression.name.text;
  return COPYING_METHODS.has(method) || (IN_PLACE_METHODS.has(method) && isFreshArray(ts, node.expression.expression));
}

export type KnownFunction = "pure" | "effectful" | "unknown";

/** `name` or `namespace.name` of a global callee. */
export function classifyGlobalCall(path: string): KnownFunction {
  if (NONDETERMINISTIC.has(path)) return "effectful";
  const [head, member] = path.split(".");
  if (member === undefined) return PURE_GLOBALS.has(head!) ? "pure" : EFFECTFUL_GLOBALS.has(head!) ? "effectful" : "unknown";
  if (EFFECTFUL_GLOBALS.has(head!)) return "effectful";
  const pure = PURE_NAMESPACES[head!];
  return pure === "all" || pure?.has(member) ? "pure" : "unknown";
}

/**
 * Whether an arrow function passed to a pure method is itself pure: no assignments to outer
 * names, no `await`, and no calls other than to pure data methods, pure globals and the names
 * `isPureHelper` accepts (the file's one-expression pure helpers, `resolve/pure-helpers.ts`).
 */
export function isPureCallback(ts: TypeScriptApi, node: TS.Node, isPureHelper: (name: string) => boolean): boolean {
  if (!ts.isArrowFunction(node)) return false;
  const check = (current: TS.Node): boolean => {
    if (ts.isAwaitExpression(current) || ts.isNewExpression(current) || ts.isDeleteExpression(current)) return false;
    if (ts.isBinaryExpression(current) && current.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        current.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return false;
    if ((ts.isPrefixUnaryExpression(current) || ts.isPostfixUnaryExpression(current)) &&
        (current.operator === ts.SyntaxKind.PlusPlusToken || current.operator === ts.SyntaxKind.MinusMinusToken)) return false;
    if (current.kind === ts.SyntaxKind.ThisKeyword) return false;
    if (ts.isCallExpression(current)) {
      const callee = current.expression;
      const pure = ts.isPropertyAccessExpression(callee)
        ? isDataMethod(ts, callee.name.text, callee.expression) || (ts.isIdentifier(callee.expression) && classifyGlobalCall(`${callee.expression.text}.${callee.name.text}`) === "pure")
        : ts.isIdentifier(callee) && (classifyGlobalCall(callee.text) === "pure" || isPureHelper(callee.text));
      if (!pure) return false;
    }
    return ts.forEachChild(current, (child) => (check(child) ? undefined : true)) === undefined;
  };
  return check(node.body);
}
