// Which receivers are data `forward` makes itself, so that a method named like a data method on
// them is the built-in one (resolve/made-data.ts): decided from syntax, never from a checker.
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { isDataMethod } from "../../../transformer/resolve/known-functions.js";
import { isDataMethodCall, isMadeData } from "../../../transformer/resolve/made-data.js";

function expression(text: string): ts.Expression {
  const file = ts.createSourceFile("/x.ts", `(${text});`, ts.ScriptTarget.ES2022, true);
  return (file.statements[0] as ts.ExpressionStatement).expression;
}

const dataHelpers = new Set(["shout"]);
const made = (text: string) => isMadeData(ts, expression(text), { dataHelpers });

describe("data forward makes", () => {
  it("is a literal, a template, arithmetic, an array literal, or what a data method or a data helper returns on one", () => {
    for (const text of ['"none"', "`Improve ${q}`", "n + 1", "a > b ? 'x' : 'y'", "['a', ...['b']]", "[{ answer: 'none', score: 0 }]", '("a").toUpperCase().trim()',
      '"a,b".split(",").map((s) => s)', 'shout("x")', "String(x)", "!flag", "typeof x", '({ query: "x" }).query', '"ab".length']) {
      expect(made(text), text).toBe(true);
    }
  });

  it("is not what `this`, a module or an unknown name holds, nor an element taken out of an array", () => {
    for (const text of ["this.store", "this.store.query", "store", "helper(x)", "this.items.map((s) => s)", "[this.store].at(0)", "[this.store].find((s) => s)",
      // A built-in method that runs the store's own code (`toString`, `Symbol.split`) on what it is given.
      "[this.store]", "[this.store].join()", "[{ toString() { return 'x'; } }].join()", "[{ answer: this.a }].join()", '"k".concat(this.store)', '"a;b".split(this.separator)',
      "[this.store].reduce((a, s) => s)", "flag ? this.a : 'x'", "x ?? 'none'", "(x = 'a')"]) {
      expect(made(text), text).toBe(false);
    }
  });

  it("is a field of a local bound to such data, not of one bound to what `this` holds", () => {
    const trimmed = (init: string) => isDataMethodCall(ts, callOf("c.query.trim()", "trim"), { dataHelpers, binding: bindings({ c: init }) });
    expect(trimmed('{ query: " x " }')).toBe(true);
    expect(trimmed("this.config")).toBe(false);
  });

  it("is not what a local of forward returns, though it has a global's or a data helper's name", () => {
    const local = (name: ts.Identifier) => name.text === "String" || name.text === "shout";
    for (const text of ["String(x)", 'shout("x")']) expect(isMadeData(ts, expression(text), { dataHelpers, local }), text).toBe(false);
  });
});

/** The first call in `text` whose callee is `.<method>`. */
function callOf(text: string, method: string): ts.CallExpression {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === method) found = node;
    ts.forEachChild(node, visit);
  };
  visit(expression(text));
  if (!found) throw new Error(`no .${method}() call in ${text}`);
  return found;
}

/** Binds a callback's parameters and `const rules = ...` (given in `constants`), as resolve-callees does for `forward`. */
function bindings(constants: Record<string, string>) {
  return (name: ts.Identifier): ts.VariableDeclaration | ts.ParameterDeclaration | undefined => {
    for (let node: ts.Node | undefined = name.parent; node; node = node.parent) {
      if (ts.isArrowFunction(node)) {
        const parameter = node.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name.text);
        if (parameter) return parameter;
      }
    }
    const init = constants[name.text];
    if (init === undefined) return undefined;
    const file = ts.createSourceFile("/c.ts", `const ${name.text} = ${init};`, ts.ScriptTarget.ES2022, true);
    return (file.statements[0] as ts.VariableStatement).declarationList.declarations[0];
  };
}

describe("an element of data forward makes", () => {
  const trimmed = (text: string, constants: Record<string, string> = {}) =>
    isDataMethodCall(ts, callOf(text, "trim"), { dataHelpers, binding: bindings(constants) });

  it("is a string when the array is a string's split, Object.keys, an array literal of data, or kept from one", () => {
    for (const text of ['STYLE.split(";").map((r) => r.trim())', '"a;b".split(";").filter((r) => r.trim())', 'rules.map((r) => r.trim())',
      'rules.slice(1).map((r) => r.trim())', '["a", "b"].map((r) => r.trim())', "Object.keys(this.tools).map((r) => r.trim())",
      '[..."a b".split(" "), "c"].some((r) => r.trim())']) {
      expect(trimmed(text, { STYLE: '"a; b"', rules: 'STYLE.split(";")' }), text).toBe(true);
    }
  });

  it("is not known when the array is a member's, a map's result, or holds what `this` holds; nor is a parameter other than the element", () => {
    for (const text of ["this.items.map((r) => r.trim())", '"a;b".split(";").map((s) => this.store).map((r) => r.trim())',
      "[this.store].map((r) => r.trim())", 'STYLE.split(";").reduce((a, r) => r.trim())', 'rules.map((r) => r.trim())',
      '"a;b".split(this.separator).map((r) => r.trim())']) {
      expect(trimmed(text, { STYLE: '"a; b"', rules: "this.rules" }), text).toBe(false);
    }
  });
});

describe("sort and reverse", () => {
  it("change nothing anyone else holds on an array the receiver has just made", () => {
    for (const text of ["[...xs].sort((a, b) => a - b)", "xs.slice().reverse()", "xs.map((x) => x).sort()", "[...xs].sort().reverse()"]) {
      const callee = ((expression(text) as ts.ParenthesizedExpression).expression as ts.CallExpression).expression as ts.PropertyAccessExpression;
      expect(isDataMethod(ts, callee.name.text, callee.expression), text).toBe(true);
    }
    for (const text of ["xs.sort()", "this.items.reverse()", "(cond ? [...xs] : ys).sort()"]) {
      const callee = ((expression(text) as ts.ParenthesizedExpression).expression as ts.CallExpression).expression as ts.PropertyAccessExpression;
      expect(isDataMethod(ts, callee.name.text, callee.expression), text).toBe(false);
    }
  });

  it("on made data are made data themselves", () => {
    expect(made('["b", "a"].sort().join()')).toBe(true);
    expect(made("[this.b, this.a].sort().join()")).toBe(false);
  });
});
