// Which receivers are data `forward` makes itself, so that a method named like a data method on
// them is the built-in one (resolve/made-data.ts): decided from syntax, never from a checker.
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { isMadeData } from "../../../transformer/resolve/made-data.js";

function expression(text: string): ts.Expression {
  const file = ts.createSourceFile("/x.ts", `(${text});`, ts.ScriptTarget.ES2022, true);
  return (file.statements[0] as ts.ExpressionStatement).expression;
}

const dataHelpers = new Set(["shout"]);
const made = (text: string) => isMadeData(ts, expression(text), { dataHelpers });

describe("data forward makes", () => {
  it("is a literal, a template, arithmetic, an array literal, or what a data method or a data helper returns on one", () => {
    for (const text of ['"none"', "`Improve ${q}`", "n + 1", "a > b ? 'x' : 'y'", "['a', ...['b']]", "[{ answer: 'none', score: 0 }]", '("a").toUpperCase().trim()',
      '"a,b".split(",").map((s) => s)', 'shout("x")', "String(x)", "!flag", "typeof x"]) {
      expect(made(text), text).toBe(true);
    }
  });

  it("is not what `this`, a module or an unknown name holds, nor an element taken out of an array", () => {
    for (const text of ["this.store", "store", "helper(x)", "this.items.map((s) => s)", "[this.store].at(0)", "[this.store].find((s) => s)",
      // A built-in method that runs the store's own code (`toString`, `Symbol.split`) on what it is given.
      "[this.store]", "[this.store].join()", "[{ toString() { return 'x'; } }].join()", "[{ answer: this.a }].join()", '"k".concat(this.store)', '"a;b".split(this.separator)',
      "[this.store].reduce((a, s) => s)", "flag ? this.a : 'x'", "x ?? 'none'", "(x = 'a')"]) {
      expect(made(text), text).toBe(false);
    }
  });

  it("is not what a local of forward returns, though it has a global's or a data helper's name", () => {
    const local = (name: ts.Identifier) => name.text === "String" || name.text === "shout";
    for (const text of ["String(x)", 'shout("x")']) expect(isMadeData(ts, expression(text), { dataHelpers, local }), text).toBe(false);
  });
});
