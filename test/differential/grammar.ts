// A grammar of @structuralJit programs as wide as real pipeline code (see print-program.ts for
// the source each shape prints as): sequential awaits; Promise.all over literals, over
// `.map` of member arrays, nested; array/object destructuring with renames, nesting, holes,
// defaults and rest; object and array spreads; template prompts; `?.` and `??`; computed keys;
// for…of over arrays, Maps, `.entries()` and `Object.entries` with patterns; indexed and
// data-dependent loops; `.map/.filter/.join`; writes by key to a local object in a loop;
// `.map` callbacks with destructured parameters and async block bodies; a module string's
// `split` trimmed element by element; sorted and reversed copies; data-dependent and static `if`s and ternaries;
// try/catch/finally; writes to a result's field and to `this`; state on the operator that a
// sub-operator declaring effects changes (`this.memory`, given to `keep`), read in prompts and numbers;
// an input kept in a local, constant or holding a run-time text (read elsewhere too, aliased,
// nested in another input) and passed to a sub-operator that changes its input; a local list of
// inputs, its elements given to calls (one that rewrites what it is given), looped and mapped over;
// module and local helpers; nested structural operators, one with a `static spec`; early return; failing and effectful
// calls; effects through a module log, an array-like module object and the console; optional calls on sub-operators; and names like the
// emitter's own, as locals, parameters and callback parameters.
//
// The arbitraries choose shapes and small integers only; names are resolved while printing
// ("the k-th variable of this kind in scope, modulo how many there are"), so every generated
// program is type-correct and every shrink stays one.
import fc from "fast-check";
import type { ExtrasShape } from "./kit.js";

/**
 * Sub-operators a call can name; `helper` is the nested generated @structuralJit class; `tally`
 * changes the input it is given, as careless code does, and `stamp` rewrites its query (see kit.ts).
 */
export type Callee = "a" | "b" | "flaky" | "fail" | "audit" | "tally" | "stamp" | "helper";

export type Text =
  | { k: "input" }
  | { k: "lit"; value: string }
  | { k: "answer"; pick: number }
  | { k: "text"; pick: number }
  | { k: "prompt"; head: Text; tail: Text }
  | { k: "joined"; pick: number; param: number; filter: boolean }
  | { k: "maybe"; pick: number }
  | { k: "bag"; pick: number }
  | { k: "list"; pick: number }
  | { k: "cond"; test: Num; then: Text; otherwise: Text }
  | { k: "shout"; of: Text }
  | { k: "wrap"; of: Text }
  | { k: "upper"; of: Text }
  /** The query of a constant input kept in a local (`Statement` `constant`). */
  | { k: "constant"; pick: number }
  /** The query of an element of a local list of inputs (`Statement` `asks`). */
  | { k: "ask"; pick: number; index: number }
  /** `this.memory.join("|")`: state on the operator, which `remember` gives to `keep`. */
  | { k: "memory" };

export type Num =
  | { k: "input" }
  | { k: "lit"; value: number }
  | { k: "score"; pick: number }
  | { k: "num"; pick: number }
  | { k: "length"; pick: number }
  /** `this.memory.length`. */
  | { k: "memorySize" }
  | { k: "plus"; left: Num; right: Num };

/**
 * A call's input object: plain, with a number, with a computed key, spreading the run's input, or
 * a constant input kept in a local, as it is or nested in another input (`ctx`).
 */
export type Arg =
  | { k: "plain"; query: Text; n?: Num }
  | { k: "computed"; query: Text }
  | { k: "spread"; query: Text }
  | { k: "constant"; pick: number; nested: boolean }
  /** An element of a local list of inputs, given whole. */
  | { k: "ask"; pick: number; index: number };

export interface Call {
  callee: Callee;
  arg: Arg;
}

/** How one awaited call's result is bound. */
export type Bind =
  | { k: "name"; name: number }
  | { k: "ignore" }
  | { k: "object"; answer: number; score?: number }
  | { k: "default"; answer: number }
  | { k: "rest"; answer: number; rest: number };

/** One element of an array pattern over a Promise.all of calls. */
export type Element = { k: "name"; name: number } | { k: "hole" } | { k: "object"; answer: number; score?: number } | { k: "default"; name: number };

export type AllBind =
  | { k: "whole"; name: number }
  | { k: "elements"; elements: Element[]; rest?: number };

export type Source = "members" | "map" | "entries" | "objectEntries" | "indexed" | "replies";

export type Statement =
  | { k: "call"; call: Call; bind: Bind }
  | { k: "optional"; query: Text; name: number }
  | { k: "all"; calls: Call[]; bind: AllBind }
  | { k: "nestedAll"; groups: Call[][]; names: number[] }
  | { k: "mapMembers"; query: Text; param: number; bind: { k: "whole"; name: number } | { k: "pair"; first: number; second: number } }
  /** `counter`: a `let` started at 0 and bumped with `++` at the end of each round, read in the prompt. */
  | { k: "loop"; source: Source; query: Text; names: number[]; pick: number; counter: boolean }
  | { k: "text"; value: Text; name: number }
  | { k: "spreadArray"; pick: number; extra: number; name: number }
  | { k: "note"; value: Text }
  | { k: "log"; value: Text }
  | { k: "fieldWrite"; pick: number; value: Text }
  | { k: "thisWrite"; value: Num }
  | { k: "if"; test: Num; then: Statement[]; otherwise: Statement[] }
  | { k: "ifStatic"; then: Statement[]; otherwise: Statement[] }
  | { k: "repeat"; body: Statement[] }
  | { k: "try"; body: Statement[]; rethrow: boolean; withFinally: boolean }
  | { k: "returnIf"; test: Num; result: Result }
  /** `if (…) throw new Error(…)`: a guard, which eager runs up to its first await when a group starts it. */
  | { k: "throwIf"; test: Num; message: Text }
  | { k: "return"; result: Result }
  | { k: "push"; value: Text }
  /** `await this.keep.invoke({ memory: this.memory, add })`: `keep` declares effects and pushes `add` onto the operator's memory. */
  | { k: "remember"; value: Text }
  /** A local object written by key in a loop over a Map, `Object.entries` or `.entries()`. */
  | { k: "keyed"; source: "map" | "objectEntries" | "entries"; query: Text; names: number[] }
  /** `Promise.all(Object.entries(this.byName).map(([k, m]) => ...))`, with an async block of two awaits when `steps`. */
  | { k: "mapEntries"; query: Text; steps: boolean; callee: Callee; names: number[] }
  /** A module string's `split`, each element trimmed (`.map((r) => r.trim())`). */
  | { k: "rules"; param: number; filter: boolean; name: number }
  /** `[...replies].sort(cmp)` or `replies.slice().reverse()`. */
  | { k: "sorted"; pick: number; reverse: boolean; name: number }
  /**
   * An input kept in a local (`const c = { query: "x" }`, or holding a run-time text: `{ query:
   * r.answer }`), or another name for one.
   */
  | { k: "constant"; value: string; from?: Text; name: number }
  | { k: "alias"; pick: number; name: number }
  /** A local list of inputs: `[{ query: first }, { query: "fixed" }]`. */
  | { k: "asks"; first: Text; name: number }
  /** `for (const item of asks) { … invoke({ query: item.query }) … }` (or an indexed loop to `asks.length`), the answers pushed. */
  | { k: "askLoop"; pick: number; callee: Callee; names: number[]; indexed: boolean }
  /** `await Promise.all(asks.map((item) => this.callee.invoke(item)))`. */
  | { k: "askMap"; pick: number; callee: Callee; name: number }
  /**
   * Calls not awaited where written: `const p = this.callee.invoke(…)`, a call awaited while it
   * runs, then `await p` (`bound`); the two in an array bound to a name, then `await Promise.all`
   * (`array`); the first's promise dropped (`dropped`).
   */
  | { k: "started"; form: "bound" | "array" | "dropped" | "caught" | "settled"; first: Call; then: Call; names: number[] };

export type Result = { k: "object"; answer: Text; score: Num } | { k: "spread"; pick: number; answer: Text } | { k: "reply"; pick: number };

export interface Body {
  /** The name `forward`'s parameter gets, from the emitter-like pool. */
  param: number;
  /** Declares a local helper (`const wrap = ...`) first. */
  localHelper: boolean;
  statements: Statement[];
  result: Result;
}

export interface GeneratedProgram {
  /** The nested @structuralJit class's forward (it never calls `helper` itself). */
  helper: Body;
  main: Body;
  extras: ExtrasShape;
  /** `this.config.flag`, which `ifStatic` tests: known when the graph is built. */
  flag: boolean;
  /**
   * `Helper` declares `static spec` (its input checked by a schema): eager's `invoke` awaits the
   * check before `forward` starts, and the compiled graph has a boundary check node.
   */
  helperSpec: boolean;
}

const pick = fc.nat({ max: 7 });
const name = fc.nat({ max: 15 });

const num: fc.Arbitrary<Num> = fc.letrec<{ num: Num }>((tie) => ({
  num: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<Num>({ k: "input" }),
    fc.integer({ min: 0, max: 3 }).map<Num>((value) => ({ k: "lit", value })),
    pick.map<Num>((p) => ({ k: "score", pick: p })),
    pick.map<Num>((p) => ({ k: "num", pick: p })),
    pick.map<Num>((p) => ({ k: "length", pick: p })),
    fc.constant<Num>({ k: "memorySize" }),
    fc.record({ k: fc.constant("plus" as const), left: tie("num"), right: tie("num") }),
  ),
})).num;

const text: fc.Arbitrary<Text> = fc.letrec<{ text: Text }>((tie) => ({
  text: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<Text>({ k: "input" }),
    fc.constantFrom("x", "yy", "zzz").map<Text>((value) => ({ k: "lit", value })),
    pick.map<Text>((p) => ({ k: "answer", pick: p })),
    pick.map<Text>((p) => ({ k: "text", pick: p })),
    fc.record({ k: fc.constant("prompt" as const), head: tie("text"), tail: tie("text") }),
    fc.record({ k: fc.constant("joined" as const), pick, param: name, filter: fc.boolean() }),
    pick.map<Text>((p) => ({ k: "maybe", pick: p })),
    pick.map<Text>((p) => ({ k: "bag", pick: p })),
    pick.map<Text>((p) => ({ k: "list", pick: p })),
    fc.record({ k: fc.constant("cond" as const), test: num, then: tie("text"), otherwise: tie("text") }),
    fc.record({ k: fc.constant("shout" as const), of: tie("text") }),
    fc.record({ k: fc.constant("wrap" as const), of: tie("text") }),
    fc.record({ k: fc.constant("upper" as const), of: tie("text") }),
    pick.map<Text>((p) => ({ k: "constant", pick: p })),
    fc.record({ k: fc.constant("ask" as const), pick, index: fc.nat({ max: 1 }) }),
    fc.constant<Text>({ k: "memory" }),
  ),
})).text;

/** A constant kept in a local; `tally`, which changes its input, is always given one: the case where that matters. */
const constantArg: fc.Arbitrary<Arg> = fc.record({ k: fc.constant("constant" as const), pick, nested: fc.boolean() });

const arg: fc.Arbitrary<Arg> = fc.oneof(
  fc.record({ k: fc.constant("plain" as const), query: text, n: fc.option(num, { nil: undefined }) }, { requiredKeys: ["k", "query"] }),
  fc.record({ k: fc.constant("computed" as const), query: text }),
  fc.record({ k: fc.constant("spread" as const), query: text }),
  constantArg,
  fc.record({ k: fc.constant("ask" as const), pick, index: fc.nat({ max: 1 }) }),
);

function call(callees: readonly Callee[]): fc.Arbitrary<Call> {
  return fc.constantFrom(...callees).chain((callee) => fc.record({ callee: fc.constant(callee), arg: callee === "tally" ? constantArg : arg }));
}

const bind: fc.Arbitrary<Bind> = fc.oneof(
  { weight: 3, arbitrary: name.map<Bind>((n) => ({ k: "name", name: n })) },
  fc.constant<Bind>({ k: "ignore" }),
  fc.record({ k: fc.constant("object" as const), answer: name, score: fc.option(name, { nil: undefined }) }, { requiredKeys: ["k", "answer"] }),
  fc.record({ k: fc.constant("default" as const), answer: name }),
  fc.record({ k: fc.constant("rest" as const), answer: name, rest: name }),
);

const element: fc.Arbitrary<Element> = fc.oneof(
  { weight: 3, arbitrary: name.map<Element>((n) => ({ k: "name", name: n })) },
  fc.constant<Element>({ k: "hole" }),
  fc.record({ k: fc.constant("object" as const), answer: name, score: fc.option(name, { nil: undefined }) }, { requiredKeys: ["k", "answer"] }),
  name.map<Element>((n) => ({ k: "default", name: n })),
);

/** An array pattern with at most one element per call (a rest only when calls are left for it). */
function allBind(count: number): fc.Arbitrary<AllBind> {
  return fc.oneof(
    name.map<AllBind>((n) => ({ k: "whole", name: n })),
    fc.record(
      { k: fc.constant("elements" as const), elements: fc.array(element, { minLength: 1, maxLength: count }), rest: fc.option(name, { nil: undefined }) },
      { requiredKeys: ["k", "elements"] },
    ),
  );
}

/**
 * What a provably static `forward` may hold (issue 12, item 6): calls, groups, loops over members,
 * patterns, spreads, prompts, optional calls on sub-operators, computed keys, build-time `if`s,
 * writes by a build-time key to a local object, callbacks with patterns and async steps, a
 * module string's split elements, sorted copies, constant inputs kept in locals.
 * Everything else (effects, data-dependent control flow, `try`, other writes) is a host node or a bail-out.
 */
const STATIC_KINDS: ReadonlySet<Statement["k"]> = new Set([
  "call", "optional", "all", "nestedAll", "mapMembers", "loop", "text", "spreadArray", "ifStatic", "keyed", "mapEntries", "rules", "sorted",
  "constant", "alias", "asks", "askLoop", "askMap", "started",
]);

function statement(callees: readonly Callee[], depth: number, staticOnly = false): fc.Arbitrary<Statement> {
  const inner = () => fc.array(statement(callees, depth + 1, staticOnly), { maxLength: 3 });
  // Each kind with its arbitrary; the compound ones only above the deepest level.
  const kinds: [Statement["k"], () => fc.Arbitrary<Statement>][] = [
    ["call", () => fc.record({ k: fc.constant("call" as const), call: call(callees), bind })],
    ["optional", () => fc.record({ k: fc.constant("optional" as const), query: text, name })],
    ["all", () => fc
      .array(call(callees), { minLength: 1, maxLength: 3 })
      .chain((calls) => allBind(calls.length).map<Statement>((b) => ({ k: "all", calls, bind: b })))],
    ["nestedAll", () => fc.record({
      k: fc.constant("nestedAll" as const),
      groups: fc.array(fc.array(call(callees), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
      names: fc.array(name, { minLength: 6, maxLength: 6 }),
    })],
    ["mapMembers", () => fc.record({
      k: fc.constant("mapMembers" as const),
      query: text,
      param: name,
      bind: fc.oneof(
        name.map((n) => ({ k: "whole" as const, name: n })),
        fc.record({ k: fc.constant("pair" as const), first: name, second: name }),
      ),
    })],
    ["loop", () => fc.record({
      k: fc.constant("loop" as const),
      source: fc.constantFrom<Source>("members", "map", "entries", "objectEntries", "indexed", "replies"),
      query: text,
      names: fc.array(name, { minLength: 4, maxLength: 4 }),
      pick,
      counter: fc.boolean(),
    })],
    ["text", () => fc.record({ k: fc.constant("text" as const), value: text, name })],
    ["spreadArray", () => fc.record({ k: fc.constant("spreadArray" as const), pick, extra: pick, name })],
    ["note", () => fc.record({ k: fc.constant("note" as const), value: text })],
    ["log", () => fc.record({ k: fc.constant("log" as const), value: text })],
    ["fieldWrite", () => fc.record({ k: fc.constant("fieldWrite" as const), pick, value: text })],
    ["thisWrite", () => fc.record({ k: fc.constant("thisWrite" as const), value: num })],
    ["push", () => fc.record({ k: fc.constant("push" as const), value: text })],
    ["throwIf", () => fc.record({ k: fc.constant("throwIf" as const), test: num, message: text })],
    ["remember", () => fc.record({ k: fc.constant("remember" as const), value: text })],
    ["keyed", () => fc.record({
      k: fc.constant("keyed" as const),
      source: fc.constantFrom("map" as const, "objectEntries" as const, "entries" as const),
      query: text,
      names: fc.array(name, { minLength: 4, maxLength: 4 }),
    })],
    ["mapEntries", () => fc.record({
      k: fc.constant("mapEntries" as const),
      query: text,
      steps: fc.boolean(),
      callee: fc.constantFrom(...callees),
      names: fc.array(name, { minLength: 5, maxLength: 5 }),
    })],
    ["rules", () => fc.record({ k: fc.constant("rules" as const), param: name, filter: fc.boolean(), name })],
    ["sorted", () => fc.record({ k: fc.constant("sorted" as const), pick, reverse: fc.boolean(), name })],
    ["constant", () => fc.record({ k: fc.constant("constant" as const), value: fc.constantFrom("x", "yy", "zzz"), from: fc.option(text, { nil: undefined, freq: 2 }), name }, { requiredKeys: ["k", "value", "name"] })],
    ["alias", () => fc.record({ k: fc.constant("alias" as const), pick, name })],
    ["asks", () => fc.record({ k: fc.constant("asks" as const), first: text, name })],
    ["askLoop", () => fc.record({ k: fc.constant("askLoop" as const), pick, callee: fc.constantFrom(...callees), names: fc.array(name, { minLength: 3, maxLength: 3 }), indexed: fc.boolean() })],
    ["askMap", () => fc.record({ k: fc.constant("askMap" as const), pick, callee: fc.constantFrom(...callees), name })],
    // The first call never fails: eager's promise would reject before anything awaits it (or
    // with nothing to handle it, dropped), an unhandled rejection (the process's end, by default).
    ["started", () => fc.record({
      k: fc.constant("started" as const),
      // `caught` and `settled` use the promise as one (`.catch` after an awaited call,
      // `Promise.allSettled`): the statement that starts it is host code.
      form: fc.constantFrom(...(["bound", "array", "dropped"] as const), ...(staticOnly ? [] : (["caught", "settled"] as const))),
      first: call(callees.filter((c) => c !== "fail" && c !== "flaky" && c !== "helper")),
      then: call(callees),
      names: fc.array(name, { minLength: 3, maxLength: 3 }),
    })],
  ];
  if (depth < 2) {
    kinds.push(
      ["if", () => fc.record({ k: fc.constant("if" as const), test: num, then: inner(), otherwise: inner() })],
      ["ifStatic", () => fc.record({ k: fc.constant("ifStatic" as const), then: inner(), otherwise: inner() })],
      ["repeat", () => fc.record({ k: fc.constant("repeat" as const), body: inner() })],
      ["try", () => fc.record({ k: fc.constant("try" as const), body: inner(), rethrow: fc.boolean(), withFinally: fc.boolean() })],
      ["returnIf", () => fc.record({ k: fc.constant("returnIf" as const), test: num, result: resultArb })],
      ["return", () => fc.record({ k: fc.constant("return" as const), result: resultArb })],
    );
  }
  const drawn = kinds.filter(([kind]) => !staticOnly || STATIC_KINDS.has(kind));
  return fc.oneof(...drawn.map(([, arbitrary]) => arbitrary()));
}

const resultArb: fc.Arbitrary<Result> = fc.oneof(
  fc.record({ k: fc.constant("object" as const), answer: text, score: num }),
  fc.record({ k: fc.constant("spread" as const), pick, answer: text }),
  pick.map<Result>((p) => ({ k: "reply", pick: p })),
);

function body(callees: readonly Callee[], maxStatements: number, staticOnly = false): fc.Arbitrary<Body> {
  return fc.record({
    param: fc.nat({ max: 4 }),
    localHelper: staticOnly ? fc.constant(false) : fc.boolean(),
    statements: fc.array(statement(callees, 0, staticOnly), { maxLength: maxStatements }),
    result: resultArb,
  });
}

function program(staticOnly: boolean): fc.Arbitrary<GeneratedProgram> {
  return fc.record({
    helper: body(["a", "b", "flaky", "fail", "audit", "tally", "stamp"], 3, staticOnly),
    main: body(["a", "b", "flaky", "fail", "audit", "tally", "stamp", "helper"], 6, staticOnly),
    extras: fc.constantFrom<ExtrasShape>(0, 1, 2),
    flag: fc.boolean(),
    helperSpec: fc.boolean(),
  });
}

export const generatedProgram = program(false);

/** Programs of provably static code only (`STATIC_KINDS`): each must compile with no break at all. */
export const staticProgram = program(true);

/** Inputs a program runs on, in order, on the same instance (first and later calls). */
export const runInputs = fc.array(
  fc.record({ query: fc.constantFrom("q", "hi", "abc", "hello"), n: fc.integer({ min: 0, max: 3 }) }),
  { minLength: 2, maxLength: 3 },
);
