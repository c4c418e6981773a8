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
const made = (text: string) => isMadeData(ts, expression(text), dataHelpers);

describe("data forward makes", () => {
  it("is a literal, a template, arithmetic, an array literal, or what a data method or a data helper returns on one", () => {
    for (const text of ['"none"', "`Improve ${q}`", "n + 1", "a > b ? 'x' : 'y'", "[this.store]", '("a").toUpperCase().trim()',
      '"a,b".split(",").map((s) => s)', 'shout("x")', "String(x)", "!flag", "typeof x"]) {
      expect(made(text), text).toBe(true);
    }
  });

  it("is not what `this`, a module or an unknown name holds, nor an element taken out of an array", () => {
    for (const text of ["this.store", "store", "helper(x)", "this.items.map((s) => s)", "[this.store].at(0)", "[this.store].find((s) => s)",
      "[this.store].reduce((a, s) => s)", "flag ? this.a : 'x'", "x ?? 'none'", "(x = 'a')"]) {
      expect(made(text), text).toBe(false);
    }
  });
});
