// A grammar of `forward` bodies for the never-crash property: sub-operator calls (single,
// Promise.all, .map over a static array, a failing one, an effectful one), field reads, literals,
// templates, `if` on static and dynamic conditions, static and dynamic loops, try/catch/finally,
// effects (pushing to a log, calling an unknown function), writes to a field of an operator's
// result, and writes to `this`.
//
// The arbitraries choose shapes and small integers only; names are resolved while printing
// ("the k-th variable in scope, modulo how many there are"), so every generated body refers to
// variables that exist and every shrink stays a valid program.
import fc from "fast-check";

export type Text =
  | { kind: "input" }
  | { kind: "literal"; value: string }
  | { kind: "field"; pick: number }
  | { kind: "template"; head: Text; tail: Text }
  | { kind: "upper"; of: Text }
  | { kind: "joined"; pick: number };

export type Count =
  | { kind: "input" }
  | { kind: "literal"; value: number }
  | { kind: "field"; pick: number }
  | { kind: "plus"; left: Count; right: Count };

export type Statement =
  | { kind: "call"; operator: "a" | "b" | "fail" | "audit"; arg: Text }
  | { kind: "all"; first: Text; second: Text }
  | { kind: "mapMembers"; arg: Text }
  | { kind: "compute"; text: Text; count: Count }
  | { kind: "push"; value: Text }
  | { kind: "record"; value: Text }
  | { kind: "ifStatic"; then: Statement[]; otherwise: Statement[] }
  | { kind: "ifDynamic"; threshold: Count; then: Statement[]; otherwise: Statement[] }
  | { kind: "forStatic"; arg: Text }
  | { kind: "forDynamic"; body: Statement[] }
  | { kind: "try"; body: Statement[]; rethrow: boolean; withFinally: boolean }
  | { kind: "fieldWrite"; pick: number; value: Text }
  | { kind: "thisWrite"; value: Count }
  | { kind: "returnEarly"; text: Text };

export interface ForwardBody {
  statements: Statement[];
  result: { text: Text; count: Count };
}

const pick = fc.nat({ max: 7 });

const text: fc.Arbitrary<Text> = fc.letrec<{ text: Text }>((tie) => ({
  text: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<Text>({ kind: "input" }),
    fc.constantFrom("x", "y", "z").map<Text>((value) => ({ kind: "literal", value })),
    pick.map<Text>((p) => ({ kind: "field", pick: p })),
    pick.map<Text>((p) => ({ kind: "joined", pick: p })),
    fc.record({ kind: fc.constant("template" as const), head: tie("text"), tail: tie("text") }),
    fc.record({ kind: fc.constant("upper" as const), of: tie("text") }),
  ),
})).text;

const count: fc.Arbitrary<Count> = fc.letrec<{ count: Count }>((tie) => ({
  count: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<Count>({ kind: "input" }),
    fc.integer({ min: 0, max: 3 }).map<Count>((value) => ({ kind: "literal", value })),
    pick.map<Count>((p) => ({ kind: "field", pick: p })),
    fc.record({ kind: fc.constant("plus" as const), left: tie("count"), right: tie("count") }),
  ),
})).count;

function statements(depth: number): fc.Arbitrary<Statement[]> {
  return fc.array(statement(depth), { minLength: 0, maxLength: depth === 0 ? 6 : 3 });
}

function statement(depth: number): fc.Arbitrary<Statement> {
  const leaves: fc.Arbitrary<Statement>[] = [
    fc.record({ kind: fc.constant("call" as const), operator: fc.constantFrom("a", "b", "fail", "audit"), arg: text }),
    fc.record({ kind: fc.constant("all" as const), first: text, second: text }),
    fc.record({ kind: fc.constant("mapMembers" as const), arg: text }),
    fc.record({ kind: fc.constant("compute" as const), text, count }),
    fc.record({ kind: fc.constant("push" as const), value: text }),
    fc.record({ kind: fc.constant("record" as const), value: text }),
    fc.record({ kind: fc.constant("forStatic" as const), arg: text }),
    fc.record({ kind: fc.constant("fieldWrite" as const), pick, value: text }),
    fc.record({ kind: fc.constant("thisWrite" as const), value: count }),
  ];
  if (depth >= 2) return fc.oneof(...leaves);
  const inner = statements(depth + 1);
  return fc.oneof(
    ...leaves,
    fc.record({ kind: fc.constant("ifStatic" as const), then: inner, otherwise: inner }),
    fc.record({ kind: fc.constant("ifDynamic" as const), threshold: count, then: inner, otherwise: inner }),
    fc.record({ kind: fc.constant("forDynamic" as const), body: inner }),
    fc.record({ kind: fc.constant("try" as const), body: inner, rethrow: fc.boolean(), withFinally: fc.boolean() }),
    fc.record({ kind: fc.constant("returnEarly" as const), text }),
  );
}

export const forwardBody: fc.Arbitrary<ForwardBody> = fc.record({
  statements: statements(0),
  result: fc.record({ text, count }),
});
