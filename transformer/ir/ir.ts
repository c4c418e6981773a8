/**
 * The transformer's IR for one `forward` body.
 *
 * Structured, not a control-flow graph: `forward` is never re-emitted, and the generated member
 * must mirror the source's statements and names, so regions (`if`, loops) stay regions. Every
 * expression node is a value with a unique id (defined once, by that node); variables are `Place`s,
 * defined by one declaration and reassigned only by explicit `assign` statements, which later
 * passes track. Lowering records facts from the syntax only; the passes after it fill in the
 * annotations (`callee`, `shape`, `effect`, `role`) and emit reads them and decides nothing.
 */
import type { HostChange } from "./host-changes.js";
import type * as TS from "typescript";
import type { DiagnosticCode } from "../diagnostics/codes.js";

/** Binding time, refined: how a value exists while the structure is being built (see `shapes.ts`). */
export type Shape =
  | { readonly kind: "static" }
  | { readonly kind: "ref" }
  | { readonly kind: "tuple"; readonly elements: readonly Shape[] }
  | { readonly kind: "list"; readonly element: Shape }
  | { readonly kind: "record"; readonly fields: ReadonlyMap<string, Shape> }
  | { readonly kind: "dict"; readonly value: Shape }
  | { readonly kind: "value" };

export interface Place {
  readonly id: number;
  readonly name: string;
  readonly declaredAs: "const" | "let" | "var" | "param" | "loop" | "callback" | "function";
  readonly node: TS.Node;
  /** Assigned after its declaration somewhere in `forward`. */
  reassigned: boolean;
  /**
   * pass classify: changed in place while the structure is built, an array by `push` or an object
   * by writes to its keys. A node that reads it takes a copy of what it holds at that point
   * (`g.list`, `g.object`), as eager reads it then, not what it holds at the end of the build.
   */
  grown?: "array" | "object";
  /**
   * pass binding times: a literal holding graph values given to a call, which the structure keeps
   * holding as a build-time array or object (`ir/held-literals.ts`); packed where a node reads it,
   * as a grown one is.
   */
  held?: "array" | "object";
  shape?: Shape;
  /** pass binding times: a statement that runs at run time writes it (its value is then a host node's output). */
  writtenAtRunTime?: boolean;
}

/**
 * The parts of a value an expression makes each time it runs: `"all"` (data it makes, every part:
 * `resolve/made-data.ts`), an object literal's fields by key (`any`: what a key the literal does
 * not spell out, a computed one or a spread's, may be), an array literal's elements; `undefined`
 * for a part it does not make (a parameter's value, what another call returns).
 */
export type MadeParts =
  | "all"
  | { readonly kind: "object"; readonly fields: ReadonlyMap<string, MadeParts | undefined>; readonly any: boolean }
  | { readonly kind: "array"; readonly element: MadeParts | undefined };

/** What a call's callee turned out to be (pass resolve-callees). */
export type CalleeKind =
  | "operator" // `invoke` on a value whose type is an Operator: a call node
  | "unresolved" // `invoke` on a value that could not be resolved (no checker, or `any`)
  | "pure" // a known pure global function (Math.max, JSON.stringify, String)
  | "pure-on-data" // a non-mutating string/array/number method: pure on data flowing through the graph
  | "effectful" // a known effectful or nondeterministic built-in (console.log, Math.random)
  | "unknown"; // anything else: its effects are unknown

export type ExprKind =
  | { readonly kind: "this" }
  | { readonly kind: "variable"; readonly place: Place }
  | { readonly kind: "global"; readonly name: string }
  | { readonly kind: "literal" }
  | { readonly kind: "member"; readonly object: Expr; readonly key: string | number; readonly optional: boolean }
  | { readonly kind: "element"; readonly object: Expr; readonly index: Expr; readonly optional: boolean }
  /**
   * `optional`: the call itself is short-circuited (`x?.invoke(...)`, `f?.()`). `started`: its
   * promise is bound to a name as it is (`const p = this.a.invoke(x)`), not awaited where written:
   * eager's code goes on while the call runs.
   */
  | { readonly kind: "call"; readonly callee: Expr; readonly args: readonly Expr[]; readonly method?: string; readonly spread: boolean; readonly optional: boolean;
      readonly started: boolean }
  | { readonly kind: "await"; readonly operand: Expr }
  | { readonly kind: "promise-all"; readonly operand: Expr }
  | { readonly kind: "array"; readonly elements: readonly { readonly spread: boolean; readonly value: Expr }[] }
  | { readonly kind: "object"; readonly properties: readonly ObjectProperty[] }
  /**
   * `array.map(callback)` with an arrow callback: `params` its parameters (element, index), names or
   * patterns; `steps` the `const` declarations of a block body before its `return body`; `async`,
   * an async callback, whose awaits run one after the other (in a group, one member).
   */
  | { readonly kind: "map"; readonly array: Expr; readonly params: readonly Pattern[]; readonly steps: readonly Declaration[]; readonly body: Expr;
      readonly async: boolean; readonly callback: TS.ArrowFunction }
  /** Any other expression that is pure when its operands are (templates, arithmetic, conditionals). */
  /** Operands from `lazyFrom` on are evaluated only sometimes (`a && b`, `c ? x : y`). */
  | { readonly kind: "pure"; readonly operands: readonly Expr[]; readonly lazyFrom: number }
  /** Syntax that cannot be a graph value (assignments, functions, `new`, ...): its statement is a host node. */
  | { readonly kind: "opaque"; readonly reason: DiagnosticCode; readonly args?: Record<string, string> };

export interface ObjectProperty {
  readonly spread: boolean;
  /** The property's key: its text (identifier or literal), an expression when computed, undefined for spreads. */
  readonly key?: string | Expr;
  readonly value: Expr;
  readonly node: TS.Node;
}

/**
 * A binding pattern (declarations, `for...of` bindings, the inputs parameter), lowered: leaves
 * are places, defaults and computed keys are expressions. `bind` is how the structure binds it,
 * chosen by binding times from the shape of the value it destructures:
 * - `name`: a single name takes the value as it is;
 * - `static`: the pattern runs as written at build time (a build-time value);
 * - `fields`: an object pattern over a ref: each name is a field edge, `.get(path)`;
 * - `elements`: an array pattern over a build-time array: each element binds `source[i]`
 *   (a rest, `source.slice(i)`) at build time, recursively;
 * - `compute`: a compute node runs the pattern as written at run time (defaults, rests, iteration
 *   of a run-time value) and each name is a field of its result.
 */
export type Pattern =
  | { readonly kind: "name"; readonly place: Place; readonly node: TS.Identifier; bind?: "name" }
  | { readonly kind: "array" | "object"; readonly elements: readonly PatternElement[]; readonly node: TS.BindingPattern;
      bind?: "static" | "fields" | "elements" | "compute" };

export interface PatternElement {
  /** Array patterns: the index. Object patterns: the key's text, or the computed key; none for a rest. */
  readonly key: number | string | Expr | undefined;
  readonly target: Pattern;
  readonly initializer?: Expr;
  readonly rest: boolean;
  readonly node: TS.BindingElement;
  /** In an `elements` binding with a default: applied at build time (a static element) or by a compute node. */
  defaultAt?: "build" | "run";
}

/**
 * How the structure computes a value (pass infer-binding-times, from the shapes of its operands);
 * the emitter prints each one and decides nothing:
 * - `static`: as written, at build time; `variable`: the variable;
 * - `field`: `.get(path)` on a ref; `index`: a build-time read of a build-time array or object
 *   (`a[0]`, `a.length`, `o.k`);
 * - `operator`: `g.call`; `operator-optional`: `g.call` unless the (build-time) receiver is nullish;
 *   either is `g.start` for a call not awaited where written (`call.started`, lowering's fact): it
 *   and what the code does until its next `await` are one moment, an await group;
 * - `pass`: `await`/`Promise.all` over graph values, which dissolve; `all`: a `Promise.all` whose
 *   calls are awaited together, a group (`g.all`): the first to fail in time fails it, as in eager;
 *   `await`: an `await` of a value already made (`await p`), `g.await`, which ends a moment;
 * - `array` / `object`: a build-time literal holding graph values; `map`: a build-time `.map`;
 * - `compute`: a compute node over the expression as written;
 * - `fresh`: a constant array or object literal (or a conditional between them) that may escape a
 *   run (binding times' escape analysis: it may reach a sub-operator's input, `forward`'s result or
 *   host code), made anew on each run by a compute node (given the build-time variables it reads
 *   that change later), as eager makes it on each call;
 * - `shared`: a literal holding graph values given to what may change it, and not held by the
 *   structure (`ir/held-literals.ts`): one object of the run, a packing node where it is written;
 * - `kept`: a held literal a loop goes over after it was given away, through the builder (`g.kept`);
 * - `state`: a read of state on an operator that an effect may change (`expr.stateRead`), through
 *   the builder: `g.state`, at build time when nothing may change it, else a node of the run (a
 *   ref); `g.stateNow` where the graph's form depends on it (static: it fails the build when an
 *   effect may change it, and the instance runs its `forward` as written).
 */
export type How = "static" | "variable" | "field" | "index" | "operator" | "operator-optional" | "pass" | "all" | "await" | "array" | "object" | "map" | "compute" | "fresh" | "shared" | "kept"
  | "state";

/**
 * A read of a field of an operator that a run may change (`ir/state-reads.ts`): `holder[key]`, where
 * `holder` is `this` or a sub-operator `forward` calls; `givenTo`, the operators `forward` gives it
 * to, as paths from `this` (the operator's, or that of the array, `Map` or object it is picked
 * from; `undefined`: one the structure cannot name, printed `null`, so the read is a node of the run). `atBuildTime`:
 * read where the graph's form depends on it (a loop's source, a condition), so a build-time value.
 */
export interface StateRead {
  readonly holder: Expr;
  readonly key: string;
  readonly givenTo: readonly (readonly string[])[] | undefined;
  readonly atBuildTime: boolean;
}

/**
 * Lowering's facts about fields of `this` (`ir/state-reads.ts`): those `forward` calls as operators,
 * and those it gives to an operator's call, with the paths from `this` of the operators given each
 * (`undefined`: one not reached from `this`).
 */
export interface StateFacts {
  readonly called: ReadonlySet<string>;
  readonly given: ReadonlyMap<string, readonly (readonly string[])[] | undefined>;
  /** Fields holding data another operator may hold too (from the constructor: `sharedFields`). */
  readonly shared: ReadonlySet<string>;
}

export type Expr = ExprKind & {
  readonly id: number;
  readonly node: TS.Expression;
  /** pass resolve-callees, on `call` */
  calleeKind?: CalleeKind;
  /**
   * pass resolve-callees, on `call` of one of the file's pure helpers: which parts of its result
   * the call makes itself (`MadeParts`), from the helper's one expression.
   */
  madeParts?: MadeParts;
  /** pass infer-binding-times */
  shape?: Shape;
  /** pass infer-binding-times */
  how?: How;
  /** pass infer-binding-times, on a started operator `call`: the code uses its promise as one (`ir/promise-uses.ts`); its statement is host code */
  promiseUsed?: boolean;
  /** pass infer-binding-times, on a `member` read of state a run may change (`ir/state-reads.ts`) */
  stateRead?: StateRead;
  /** pass infer-effects: the first thing in this expression a graph cannot keep, if any */
  effect?: { readonly code: DiagnosticCode; readonly node: TS.Node; readonly args?: Record<string, string> };
};

export type StmtKind =
  | { readonly kind: "declare"; readonly keyword: "const" | "let" | "var"; readonly declarations: readonly Declaration[] }
  /**
   * `place = value`, `place += value`; `counted`: `place++` or `place--` as a statement, whose
   * expression as written yields the old value, so it is only a build-time step (or runs as written).
   */
  | { readonly kind: "assign"; readonly place: Place; readonly value: Expr; readonly counted?: boolean }
  | { readonly kind: "expression"; readonly expr: Expr }
  /**
   * `place.push(values)`, or onto an array inside it (`state.ctx.docs.push(x)`: `path` ["ctx",
   * "docs"]); `givenBefore` (pass binding times): the local was given to a call or host code before
   * it, which may have put another array there.
   */
  | { readonly kind: "push"; readonly place: Place; readonly path: readonly string[]; readonly values: readonly Expr[]; givenBefore?: boolean }
  /** `place[key] = value` or `place.key = value` on a local: the key's text, or the expression. */
  | { readonly kind: "set"; readonly place: Place; readonly key: string | Expr; readonly value: Expr }
  | { readonly kind: "return"; readonly value?: Expr }
  | { readonly kind: "if"; readonly condition: Expr; readonly then: Region; readonly otherwise?: Region }
  | { readonly kind: "for-of"; readonly binding: Pattern; readonly keyword: "const" | "let"; readonly iterable: Expr; readonly body: Region }
  /** `for (let i = a; i < b; i++)`: header kept as written, the index a build-time variable. */
  | { readonly kind: "for-index"; readonly index: Place; readonly header: readonly Expr[]; readonly body: Region }
  /** `break` / `continue`: fine in build-time loops, impossible out of a host node. */
  | { readonly kind: "jump" }
  /**
   * A statement lowering does not model (try, switch, while, ...): always a host node. `subject` is
   * the value it branches or loops on, when it has one, so the diagnostic can say whether that
   * value is dynamic or the construct itself is the reason.
   */
  | { readonly kind: "opaque"; readonly reason: DiagnosticCode; readonly args?: Record<string, string>; readonly subject?: Expr };

export interface Declaration {
  /** Simple `name = init`, or a destructuring pattern whose leaves are `places`. */
  readonly pattern: Pattern;
  readonly places: readonly Place[];
  readonly init?: Expr;
}

export type Stmt = StmtKind & {
  readonly id: number;
  readonly node: TS.Statement;
  /** Variables of `forward` declared outside this statement that it reads / assigns. */
  readonly reads: ReadonlySet<Place>;
  readonly writes: ReadonlySet<Place>;
  /** Variables this statement declares in its region. */
  readonly declares: readonly Place[];
  /** pass classify: built at graph-build time (possibly creating nodes), or run as a host node */
  role?: "graph" | "host";
  /** pass classify: why this statement is a host node */
  breaks?: { readonly code: DiagnosticCode; readonly node: TS.Node; readonly args?: Record<string, string> }[];
};

export type Region = Stmt[];

/** A run of host statements, as planned by plan-host-regions. */
export interface HostRegion {
  readonly statements: readonly Stmt[];
  /** Variables read inside and defined outside, passed as the host node's reads. */
  readonly liveIns: readonly Place[];
  /** Variables defined or assigned inside and read after it: the host node's result fields. */
  readonly liveOuts: readonly Place[];
  /** The region runs to the end of `forward` and may `return`: its result is the output. */
  readonly tail: boolean;
  /** The parts of live-ins its statements may change (`hostChanges`): later reads of them wait for it. */
  readonly changes: readonly HostChange[];
}

export interface ForwardIR {
  readonly className: string;
  readonly classNode: TS.ClassLikeDeclaration;
  readonly method: TS.MethodDeclaration;
  readonly isAsync: boolean;
  /** The first parameter (`inputs` or a pattern); undefined when `forward` takes none. */
  readonly inputs?: { readonly pattern: Pattern; readonly places: readonly Place[] };
  /** The `ctx` parameter, passed on to host nodes. */
  readonly context?: Place;
  readonly body: Region;
  readonly places: Place[];
  /** What `forward` does with fields of `this` (`ir/state-reads.ts`). */
  readonly state: StateFacts;
  /** Filled by plan-host-regions: host regions keyed by their first statement's id. */
  hostRegions?: Map<number, HostRegion>;
}

/**
 * How a node reads a variable's array or object the structure holds and changes, or gives to
 * calls: packed as it is then (`g.list`, `g.object`), grown or held; `undefined` for any other.
 */
export function packedAs(place: Place): "array" | "object" | undefined {
  return place.grown ?? place.held;
}
