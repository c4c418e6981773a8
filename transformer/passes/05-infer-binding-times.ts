/**
 * Pass 5 — infer binding times: the value model (see `ir/shapes.ts`).
 *
 * In: IR with resolved callees. Out: on every expression its `shape` and `how` (the operation the
 * structure uses to compute it), on every variable its shape, on every pattern how it binds.
 * A value is static when it depends only on `this`, constants and build-time loop variables (it
 * is computed once, while the structure is built, so `this.members.map(...)` unrolls into N
 * calls); a `ref` when it depends on inputs or an operator's result; a build-time array (`tuple`,
 * `list`) or object (`record`) when it is a literal, fan-out or destructuring that holds graph
 * values, or (`dict`) a local object literal written by build-time keys while the structure is
 * built; `value` when it may be any of these. Each operation is defined here once for every
 * shape of its operand, and falls back to a compute node where the shape offers no build-time
 * form. Variables assigned in several places, or inside statements that run as host nodes, take
 * the join of all their definitions; the pass iterates until nothing changes. A data method
 * (`at`, `slice`, `trim`) on a static value typed as a built-in array, `Map`, `Set` or a primitive becomes a `pure`
 * call here, where it is known which receivers are static. An escape analysis (`findEscapes`)
 * decides which constant literals may escape a run and are made on each run (`fresh`); when it
 * finds more, the fixpoint runs again from nothing. Reports nothing.
 */
import type * as TS from "typescript";
import type { Expr, ForwardIR, How, Pattern, Place, Region, Shape, Stmt } from "../ir/ir.js";
import {
  dictOf, elementShape, fieldShape, IRInvariantError, isEmpty, isContainer, isObjectContainer, isStatic, join, listOf, recordOf, REF, restShape,
  sameShape, STATIC, tupleOf, VALUE,
} from "../ir/shapes.js";
import { callbackExpressions, expressionsOf, operandsOf, patternExpressions, patternPlaces, regionsOf, walkExpr, walkRegion } from "../ir/walk.js";
import { makesPart, mayRunCodeGiven, returnsPrimitive } from "../resolve/known-functions.js";
import { heldLiterals, type HeldLiterals } from "../ir/held-literals.js";
import { markPromisesUsedAsPromises } from "../ir/promise-uses.js";
import { markStateReads } from "../ir/state-reads.js";

const MAX_ROUNDS = 50;

/**
 * `isBuiltInData`: whether a value is typed as a built-in array, `Map` or `Set`, or as a string,
 * number or boolean (the resolver's answer); asked only of the static receivers of data methods, since on a run-time value the
 * method is pure either way and the question may cost a program on the text paths.
 */
export function inferBindingTimes(ir: ForwardIR, isBuiltInData: (node: TS.Expression) => boolean): void {
  // A started call whose promise the code uses as one is host code with its statement (`runsAtRunTime`).
  markPromisesUsedAsPromises(ir);
  // Reads of state on operators that effects may change go through the builder (`g.state`).
  markStateReads(ir);
  const keyed = new Set<Place>();
  walkRegion(ir.body, (stmt) => stmt.kind === "set" && keyed.add(stmt.place));
  // What loops, and `.map`s whose callback calls operators, go over: a held literal read there
  // after a giving is still looped over at build time (`kept`); a pure callback maps it at run time.
  const loopSources = new Set<Expr>();
  // A part of it (`opts.tags`), what a data method makes of it (`xs.entries()`), or its length in
  // an indexed loop's header is looped over through the variable: `g.kept(opts).tags`.
  const source = (e: Expr): Expr =>
    e.kind === "member" || e.kind === "element" ? source(e.object)
    : e.kind === "call" && e.calleeKind !== "operator" && e.callee.kind === "member" ? source(e.callee.object)
    : e;
  walkRegion(ir.body, (stmt) => {
    if (stmt.kind === "for-of") loopSources.add(source(stmt.iterable));
    if (stmt.kind === "for-index") for (const h of stmt.header) walkExpr(h, (e) => (e.kind === "member" || e.kind === "element") && loopSources.add(source(e)));
    for (const expr of expressionsOf(stmt)) walkExpr(expr, (e) => e.kind === "map" && callsOperators(e) && loopSources.add(source(e.array)));
  });
  // What escapes a run depends on the shapes (which statements are host nodes), and what is made
  // fresh changes them. Each time the analysis finds more, the shapes are inferred afresh: a
  // variable first taken as static would otherwise keep that as a join (`value`). What is made
  // fresh only grows; which literals are one object of the run, and which reads come after a
  // giving, are found again each time from the shapes (a statement a first round took for host
  // code, reading a literal, may be none once a constant in it is made fresh), until they repeat.
  const fresh = new Set<Expr>();
  let shared = new Set<Expr>();
  let readsAfterGiven = new Set<Expr>();
  for (let pass = 0; pass < MAX_ROUNDS; pass++) {
    settle(ir, { isBuiltInData, keyed, loopSources, fresh, shared, readsAfterGiven });
    const known = fresh.size;
    // Past half the rounds, what was found is kept, so the search ends.
    const nextShared = pass < MAX_ROUNDS / 2 ? new Set<Expr>() : new Set(shared);
    const nextReads = pass < MAX_ROUNDS / 2 ? new Set<Expr>() : new Set(readsAfterGiven);
    findEscapes(ir, fresh, nextShared, nextReads);
    if (fresh.size === known && sameSet(nextShared, shared) && sameSet(nextReads, readsAfterGiven)) return;
    shared = nextShared;
    readsAfterGiven = nextReads;
  }
  throw new IRInvariantError(`escape analysis did not settle in ${MAX_ROUNDS} passes`);
}

function callsOperators(map: Extract<Expr, { kind: "map" }>): boolean {
  let found = false;
  for (const part of [map.body, ...callbackExpressions(map)]) walkExpr(part, (e) => (found ||= e.kind === "call" && e.calleeKind === "operator"));
  return found;
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** The fixpoint over the shapes of every variable, from nothing known, for a given set of `fresh` expressions. */
function settle(ir: ForwardIR, facts: Omit<Round, "widen">): void {
  for (const place of ir.places) {
    place.shape = undefined;
    place.writtenAtRunTime = undefined;
  }
  if (ir.context) ir.context.shape = REF;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    const widen = (place: Place, shape: Shape) => {
      const next = join(place.shape, shape)!;
      if (!sameShape(next, place.shape)) {
        place.shape = next;
        changed = true;
      }
    };
    const round = { ...facts, widen };
    // The inputs parameter's pattern: its defaults and computed keys first, as a declaration's.
    if (ir.inputs) {
      for (const expr of patternExpressions(ir.inputs.pattern)) infer(expr, round);
      bindPattern(ir.inputs.pattern, REF, widen);
    }
    region(ir.body, round);
    if (!changed) return;
  }
  throw new IRInvariantError(`binding times did not settle in ${MAX_ROUNDS} rounds`);
}

/**
 * Escape analysis: the constant expressions that make an object (an array or object literal, or a
 * conditional between such) whose value run-time code may keep or change, added to `fresh`. Those
 * are made anew on each run (`fresh`: a compute node with no inputs), as eager makes them on each
 * call: built once with the graph, one object would be shared by every run. A value may be changed
 * where it leaves the structure — a sub-operator call's input, or `forward`'s result, where a
 * callee or a caller may change it — and where host code reads or writes it (it may pass it to a
 * call that changes it). From those places the analysis follows values back to the literals that
 * made them: through variables (every definition of one: its initializer, assignments, the source
 * a pattern or loop binds it from), aliases, conditionals and other pure expressions, awaits,
 * the literals they are nested in, and the pushes and keyed writes that fill a container, by the
 * path of keys (`*`: any) that leaves, so a string read from a constant literal (`d.label`) makes
 * nothing fresh. A variable bound to such a literal becomes a graph value (its initializer is
 * made on each run, one object shared by that run's statements, as in eager), and its other reads
 * are run-time reads. A constant made fresh still has what it reads from variables followed, by
 * the part it holds (`{ q: d }` holds `d` whole, `{ q: d.label }` a string): a variable bound to a
 * literal whose object it holds becomes a graph value, and the expression is then assembled on
 * each run from it; one holding `this`'s objects stays built (eager shares those across calls
 * too), and the fresh node closes over it. An array grown by pushes, or an object written by key, while
 * the structure is built is copied where a node reads it (`g.list`, `g.object`): what it holds
 * escapes, not its first literal. A build-time call that may make an object (`defaults()`,
 * `this.items.slice()`) is made on each run too when its result leaves whole, or a part of it the
 * call makes (`makesPart`: `JSON.parse(s).opts`, a pair of `Object.entries(o)`); other parts are
 * followed into its operands (`this.items.slice()[0]` is `this`'s, shared by eager's calls too).
 */
function findEscapes(ir: ForwardIR, fresh: Set<Expr>, shared: Set<Expr>, readsAfterGiven: Set<Expr>): void {
  // Where each variable's value comes from (`path`: the part of `expr` it is; `exact: false` for a
  // rest, which holds any part), and what build-time pushes and keyed writes put into it. A
  // variable defined in a host node is a graph value already: it has no build-time definition.
  const sources = new Map<Place, { expr: Expr; path: Key[]; exact: boolean }[]>();
  const contents = new Map<Place, { keys: Key[]; value: Expr }[]>();
  const add = <T>(map: Map<Place, T[]>, place: Place, item: T) => {
    const list = map.get(place);
    if (list) list.push(item);
    else map.set(place, [item]);
  };
  const bind = (pattern: Pattern, expr: Expr, path: Key[], exact = true): void => {
    if (pattern.kind === "name") return add(sources, pattern.place, { expr, path, exact });
    for (const element of pattern.elements) {
      const key: Key = pattern.kind === "object" && (typeof element.key === "string" || typeof element.key === "number") ? String(element.key) : "*";
      bind(element.target, expr, [...path, key], exact && !element.rest);
      if (element.initializer) bind(element.target, element.initializer, []);
    }
  };
  const bindMaps = (expr: Expr) => walkExpr(expr, (e) => {
    if (e.kind !== "map") return;
    if (e.params[0]) bind(e.params[0], e.array, ["*"]);
    for (const step of e.steps) bind(step.pattern, step.init!, []);
  });
  // `changes`: the sink may change what it is given (a sub-operator call, host code), not only keep it (`forward`'s result).
  const sinks: { expr: Expr; path: Key[]; changes: boolean }[] = [];
  // Literals holding graph values given to what may change them, by the variable bound to them.
  const given = new Map<Expr, Place>();
  const hostReads = new Set<Place>();
  const visitRegion = (statements: Region): void => {
    for (const stmt of statements) {
      if (runsAtRunTime(stmt)) {
        for (const place of [...stmt.reads, ...stmt.writes]) hostReads.add(place);
        continue;
      }
      for (const expr of expressionsOf(stmt)) {
        bindMaps(expr);
        walkExpr(expr, (e) => e.kind === "call" && e.calleeKind === "operator" && e.args.forEach((arg) => sinks.push({ expr: arg, path: [], changes: true })));
      }
      switch (stmt.kind) {
        case "declare":
          for (const d of stmt.declarations) if (d.init) bind(d.pattern, d.init, []);
          break;
        case "assign":
          add(sources, stmt.place, { expr: stmt.value, path: [], exact: true });
          break;
        case "push":
          for (const value of stmt.values) add(contents, stmt.place, { keys: [...stmt.path, "*"], value });
          break;
        case "set":
          add(contents, stmt.place, { keys: [typeof stmt.key === "string" ? stmt.key : "*"], value: stmt.value });
          break;
        case "for-of":
          bind(stmt.binding, stmt.iterable, ["*"]);
          break;
        case "return":
          if (stmt.value) sinks.push({ expr: stmt.value, path: [], changes: false });
          break;
      }
      for (const inner of regionsOf(stmt)) visitRegion(inner);
    }
  };
  visitRegion(ir.body);

  const seen = new Set<string>();
  const once = (id: string, path: Key[]) => {
    const key = `${id}:${path.join("\u0000")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const variable = (place: Place, path: Key[], changes: boolean): void => {
    if (!once(`p${changes ? "c" : ""}${place.id}`, path)) return;
    // An array or object filled while the structure is built (pushes, writes by key) is never made
    // fresh itself: pushes onto a run-time value could not run at build time. Where a node reads
    // it, it is copied (`g.list`, `g.object`); what leaves is what it holds (its first literal's
    // parts, and what was pushed or written into it).
    const built = contents.has(place);
    const held = built && path.length === 0 ? ["*"] : path;
    for (const source of sources.get(place) ?? []) value(source.expr, source.exact ? [...source.path, ...held] : source.path, changes, false, place);
    if (!built) return;
    // What a push or write put at `keys`: all of it leaves when the path leaving ends above it.
    for (const { keys, value: v } of contents.get(place)!) {
      const n = Math.min(keys.length, path.length);
      if (keys.slice(0, n).every((key, i) => matches(key, path[i]!))) value(v, path.slice(n), changes);
    }
  };
  /**
   * `path` of `expr` may escape, to a sink that may change it (`changes`). `made`: inside a
   * constant already made on each run, whose parts are made with it; what it reads from variables
   * is still followed. `bound`: the literal a variable is bound to.
   */
  const value = (expr: Expr, fullPath: Key[], changes: boolean, made = false, bound?: Place): void => {
    const path = fullPath.slice(0, MAX_PATH);
    if (!once(`${made ? "m" : "e"}${changes ? "c" : ""}${bound ? `b${bound.id}` : ""}${expr.id}`, path)) return;
    // A call that makes the part that leaves (`JSON.parse(s).opts`) is made on each run.
    const whole = path.length === 0 || (expr.kind === "call" && makesPart(expr, path));
    const constant = operandsOf(expr).every((o) => isStatic(shape(o)));
    if (!made && whole && makesObject(expr) && constant) {
      fresh.add(expr);
      made = true;
    }
    // A literal holding graph values, bound to a variable and given whole to what may change it,
    // is one object of the run, which the variable's later reads read (see `decide`).
    if (bound && changes && path.length === 0 && !constant && (expr.kind === "object" || expr.kind === "array")) given.set(expr, bound);
    switch (expr.kind) {
      case "variable":
        return variable(expr.place, path, changes);
      case "member":
        return value(expr.object, [typeof expr.key === "string" ? expr.key : "*", ...path], changes, made);
      case "element":
        return value(expr.object, ["*", ...path], changes, made);
      case "object":
        // A spread copies the parts of its operand, not the operand itself. The parts of a literal
        // a variable is bound to are reached through the variable too (`boxes[0]`, `ctx.inner`).
        for (const p of expr.properties) {
          if (p.spread) value(p.value, path.length === 0 ? ["*"] : path, changes, made, bound);
          else if (path.length === 0) value(p.value, [], changes, made, bound);
          else if (typeof p.key !== "string" || matches(p.key, path[0]!)) value(p.value, path.slice(1), changes, made, bound);
        }
        return;
      case "array":
        for (const e of expr.elements) {
          if (e.spread) value(e.value, path.length === 0 ? ["*"] : path, changes, made, bound);
          else value(e.value, path.slice(1), changes, made, bound);
        }
        return;
      case "await": case "promise-all":
        return value(expr.operand, path, changes, made);
      case "map":
        // Its elements are what the callback returns, which reads the array's elements through its parameter.
        return value(expr.body, path.slice(1), changes, made);
      case "pure":
        // Conservatively, its value may be any operand (`flag ? d : e`, `a ?? b`).
        for (const operand of expr.operands) value(operand, path, changes, made);
        return;
      case "call":
        // A sub-operator's result is its own; another call's may be a part of an operand
        // (`xs.at(0)`, `Object.values(o)`) or an operand itself (`Object.freeze(o).k`).
        if (expr.calleeKind === "operator") return;
        for (const operand of [...(expr.callee.kind === "member" ? [expr.callee.object] : []), ...expr.args]) {
          value(operand, ["*", ...path], changes, made);
          if (path.length > 0) value(operand, path, changes, made);
        }
        return;
      default:
        return;
    }
  };
  for (const place of hostReads) variable(place, [], true);
  for (const sink of sinks) value(sink.expr, sink.path, sink.changes);
  // Those the structure keeps holding (`heldLiterals`); the others are one object of the run.
  const holding = heldLiterals(ir, new Set(given.values()), runsAtRunTime);
  for (const place of ir.places) place.held = holding.rootOf.get(place) === place ? sourceKind(sources.get(place)) : undefined;
  for (const [expr, place] of given) if (!place.held) shared.add(expr);
  // A literal a later round keeps shared (the search's last rounds keep what they found) is not held.
  for (const [expr, place] of given) if (shared.has(expr)) place.held = undefined;
  for (const read of readsAfterGiving(ir, new Set(contents.keys()), holding)) readsAfterGiven.add(read);
}

/** Whether a held literal's one definition is an array or an object literal. */
function sourceKind(sources: readonly { expr: Expr }[] | undefined): "array" | "object" | undefined {
  const expr = sources?.[0]?.expr;
  return expr?.kind === "array" ? "array" : expr?.kind === "object" ? "object" : undefined;
}

/**
 * The build-time reads of a container the structure grows (`messages.length`, `[...messages]`,
 * `messages[0]`), or of a literal it holds (`heldLiterals`), that come after it was given to a
 * sub-operator call or to host code (in program order, or in a loop that gives it): an effect may
 * have changed it by then, so they read the run's one object at run time (`g.list(messages)`), as
 * eager's do; before, they are build-time reads of what it holds. Reads that are the giving
 * itself, and those in host code, read it through `g.list` anyway.
 */
function readsAfterGiving(ir: ForwardIR, grown: ReadonlySet<Place>, holding: HeldLiterals): Expr[] {
  const tracked = (p: Place) => grown.has(p) || holding.rootOf.get(p) === p;
  const given = new Set<Place>();
  const after: Expr[] = [];
  const loops: { gives: Set<Place>; reads: Expr[]; pushes: Extract<Stmt, { kind: "push" }>[] }[] = [];
  const readsIn = (stmt: Stmt): Expr[] => {
    const found: Expr[] = [];
    for (const expr of expressionsOf(stmt)) walkExpr(expr, (e) => e.kind === "variable" && tracked(e.place) && found.push(e));
    return found;
  };
  const givesIn = (stmt: Stmt): Place[] => {
    const found = [...holding.givenIn(stmt)];
    if (runsAtRunTime(stmt)) return [...found, ...[...stmt.reads].filter((p) => grown.has(p))];
    for (const expr of expressionsOf(stmt)) {
      walkExpr(expr, (e) => {
        if (e.kind !== "call" || e.calleeKind !== "operator") return;
        for (const arg of e.args) walkExpr(arg, (a) => a.kind === "variable" && grown.has(a.place) && found.push(a.place));
      });
    }
    return found;
  };
  const visit = (region: Region): void => {
    for (const stmt of region) {
      // A push onto an array inside a local, once the local was given away: the array there may be another by then.
      if (stmt.kind === "push" && stmt.path.length > 0) {
        stmt.givenBefore = given.has(stmt.place);
        for (const loop of loops) loop.pushes.push(stmt);
      }
      if (!runsAtRunTime(stmt)) {
        for (const read of readsIn(stmt)) {
          if (given.has((read as Extract<Expr, { kind: "variable" }>).place)) after.push(read);
          for (const loop of loops) loop.reads.push(read);
        }
      }
      for (const place of givesIn(stmt)) {
        given.add(place);
        for (const loop of loops) loop.gives.add(place);
      }
      const loop = stmt.kind === "for-of" || stmt.kind === "for-index" ? { gives: new Set<Place>(), reads: [] as Expr[], pushes: [] as Extract<Stmt, { kind: "push" }>[] } : undefined;
      if (loop) loops.push(loop);
      for (const inner of regionsOf(stmt)) visit(inner);
      if (loop) {
        loops.pop();
        for (const read of loop.reads) if (loop.gives.has((read as Extract<Expr, { kind: "variable" }>).place)) after.push(read);
        for (const push of loop.pushes) if (loop.gives.has(push.place)) push.givenBefore = true;
      }
    }
  };
  visit(ir.body);
  return after;
}

/** A key of the path by which a part of a value leaves; `*` is any key. */
type Key = string;
/** Deeper paths are cut to this many keys: a part of a part escaping is taken as the part escaping whole. */
const MAX_PATH = 6;

function matches(key: Key, other: Key): boolean {
  return key === "*" || other === "*" || key === other;
}

/**
 * An expression whose result may be an object it makes each time it runs: a literal, a call (not
 * an operator's) not known to return a primitive (`defaults()`, `this.items.slice()`,
 * `Object.entries(o)`: eager's call makes a new one each time), or a conditional between such
 * (`flag ? { ... } : { ... }`, `x ?? []`).
 */
export function makesObject(expr: Expr): boolean {
  if (expr.kind === "object" || expr.kind === "array") return true;
  if (expr.kind === "call") return expr.calleeKind !== "operator" && !returnsPrimitive(expr);
  return expr.kind === "pure" && expr.operands.some(makesObject);
}

type Widen = (place: Place, shape: Shape) => void;
type IsBuiltInData = (node: TS.Expression) => boolean;

/** What one round of the fixpoint passes down. */
interface Round {
  readonly widen: Widen;
  readonly isBuiltInData: IsBuiltInData;
  /** Variables written by key somewhere (`o[k] = v`): an object literal they start from is a build-time object. */
  readonly keyed: ReadonlySet<Place>;
  /** Constant expressions that make an object that may escape a run (see `findEscapes`): made on each run. */
  readonly fresh: ReadonlySet<Expr>;
  /** Literals holding graph values, bound to a variable and given to what may change them, that are not held (`heldLiterals`): one object of the run. */
  readonly shared: ReadonlySet<Expr>;
  /** Reads of a grown container or held literal after it was given away (`readsAfterGiving`): run-time reads, or `kept` where a loop goes over it. */
  readonly readsAfterGiven: ReadonlySet<Expr>;
  /** The arrays `for…of` loops and `.map`s go over. */
  readonly loopSources: ReadonlySet<Expr>;
}

function region(statements: Region, round: Round): void {
  for (const stmt of statements) statement(stmt, round);
}

function statement(stmt: Stmt, round: Round): void {
  const { widen } = round;
  for (const expr of expressionsOf(stmt)) infer(expr, round);
  const atRunTime = runsAtRunTime(stmt);
  switch (stmt.kind) {
    case "declare":
      if (atRunTime) break;
      for (const declaration of stmt.declarations) {
        // `const results = []` filled by pushes: what is pushed decides (see `EMPTY`); likewise
        // `const byKey = {}` filled by key.
        const pattern = declaration.pattern;
        const init = declaration.init ? shape(declaration.init) : STATIC;
        const object = pattern.kind === "name" && round.keyed.has(pattern.place) && declaration.init ? objectStart(declaration.init) : undefined;
        bindPattern(pattern, object ?? init, widen);
      }
      break;
    case "assign":
      widen(stmt.place, shape(stmt.value));
      break;
    case "set":
      // A write by a build-time key to a build-time object: the object holds the value from now on.
      if (!atRunTime) widen(stmt.place, dictOf(shape(stmt.value)));
      break;
    case "push": {
      // Static values pushed onto a static array keep it static; onto one that holds graph values,
      // its elements become either (a raw list: `listOf` would fold a list of static values away).
      // Onto an array inside the local's object, that array's shape in the object's.
      const element = stmt.values.reduce<Shape | undefined>((acc, v) => join(acc, shape(v)), undefined)!;
      const current = shapeAt(stmt.place.shape, stmt.path);
      if (!isStatic(element) || (current && !isStatic(current) && !isEmpty(current))) {
        if (stmt.path.length === 0) widen(stmt.place, { kind: "list", element });
        else if (!atRunTime) widen(stmt.place, withShapeAt(stmt.place.shape!, stmt.path, { kind: "list", element }));
      }
      break;
    }
    case "for-of": {
      const iterable = shape(stmt.iterable);
      if (isStatic(iterable)) bindPattern(stmt.binding, STATIC, widen);
      else if (isContainer(iterable)) bindPattern(stmt.binding, elementShape(iterable), widen);
      break;
    }
    case "for-index":
      widen(stmt.index, atRunTime ? REF : STATIC);
      break;
  }
  for (const inner of regionsOf(stmt)) region(inner, round);
  // What a statement that runs at run time declares or assigns comes out of its host node: a ref.
  if (atRunTime) {
    for (const place of [...stmt.declares, ...stmt.writes]) {
      widen(place, REF);
      place.writtenAtRunTime = true;
    }
    if (stmt.kind === "for-of") for (const place of patternPlaces(stmt.binding)) widen(place, REF);
  }
}

/**
 * The build-time object a variable written by key starts from: its object literal with plain
 * keys, as a record even when every field is static (it is changed while the structure is built).
 */
function objectStart(init: Expr): Shape | undefined {
  if (init.kind !== "object" || init.properties.some((p) => p.spread || typeof p.key !== "string")) return undefined;
  return { kind: "record", fields: new Map(init.properties.map((p) => [p.key as string, shape(p.value)])) };
}

/** The shape of the part at `path` of a record (`undefined` where it is no record, or has no such field). */
function shapeAt(shape: Shape | undefined, path: readonly string[]): Shape | undefined {
  let at = shape;
  for (const key of path) at = at?.kind === "record" ? at.fields.get(key) : undefined;
  return at;
}

/** `shape` (a record along `path`, see `shapeAt`) with the part at `path` joined with `part`. */
function withShapeAt(shape: Shape, path: readonly string[], part: Shape): Shape {
  if (path.length === 0) return join(shape, part)!;
  const record = shape as Extract<Shape, { kind: "record" }>;
  const fields = new Map(record.fields);
  fields.set(path[0]!, withShapeAt(fields.get(path[0]!)!, path.slice(1), part));
  return { kind: "record", fields };
}

/**
 * A push happens at build time only onto the array literal `forward` made (pass lower keeps
 * `push` for those), while the structure still holds it: not reassigned, not written by a host
 * node (its value is then that node's output), not made on each run.
 */
export function pushedAtBuildTime(place: Place): boolean {
  return !place.reassigned && place.writtenAtRunTime !== true && place.shape?.kind !== "ref";
}

/** Statements whose control depends on run-time values, or that hold what a graph cannot. */
export function runsAtRunTime(stmt: Stmt): boolean {
  if (stmt.kind === "opaque") return true;
  // A write by key happens at build time only to a build-time object (a local object literal), by a build-time key.
  if (stmt.kind === "set" && (!isObjectContainer(stmt.place.shape ?? STATIC) || (typeof stmt.key === "object" && !isStatic(shape(stmt.key))))) return true;
  if (stmt.kind === "push" && !pushedAtBuildTime(stmt.place)) return true;
  // Onto an array inside a local's object: at build time only while that object is a record (not
  // one written by key, whose fields may be other objects by now) holding a build-time array there,
  // and not given away before (what was given may have put another array there).
  if (stmt.kind === "push" && stmt.path.length > 0) {
    if (stmt.givenBefore) return true;
    const at = shapeAt(stmt.place.shape, stmt.path);
    if (at === undefined || !(isContainer(at) || isEmpty(at))) return true;
  }
  if (stmt.kind === "assign" && stmt.counted && !isStatic(shape(stmt.value))) return true;
  if (stmt.kind === "if") return !isStatic(shape(stmt.condition));
  if (stmt.kind === "for-of") {
    const iterable = shape(stmt.iterable);
    if (!isStatic(iterable) && !isContainer(iterable)) return true;
  }
  if (stmt.kind === "for-index" && stmt.header.some((h) => !isStatic(shape(h)))) return true;
  let opaque = false;
  for (const expr of expressionsOf(stmt)) {
    walkExpr(expr, (e) => {
      opaque ||= e.kind === "opaque" || (e.kind === "call" && (!isGraphCall(e) || e.promiseUsed === true));
    });
  }
  return opaque;
}

/**
 * Calls that can live in the graph or run at build time: sub-operator calls on an operator known
 * while the graph is built (one chosen at run time, `k.invoke(x)` after `const k = flag ? a : b`,
 * is host code: XCS1011), pure globals, and pure methods on run-time data (on a build-time
 * receiver the method name alone proves nothing: `this.store.find(q)` may be anything).
 */
export function isGraphCall(call: Extract<Expr, { kind: "call" }>): boolean {
  if (call.calleeKind === "operator") return operatorKnownAtBuildTime(call);
  if (call.calleeKind === "pure") return true;
  return call.calleeKind === "pure-on-data" && call.callee.kind === "member" && !isStatic(shape(call.callee.object));
}

/** An operator call whose operator is known while the graph is built (`this.a.invoke`, a loop's `j.invoke`); otherwise XCS1011. */
export function operatorKnownAtBuildTime(call: Extract<Expr, { kind: "call" }>): boolean {
  return call.callee.kind === "member" && isStatic(shape(call.callee.object));
}

/**
 * How a pattern binds a value of shape `source`, and the shapes of its names. Defaults and
 * computed keys are read first (`infer` ran on them as expressions of the statement).
 */
function bindPattern(pattern: Pattern, source: Shape, widen: Widen): void {
  if (pattern.kind === "name") {
    pattern.bind = "name";
    widen(pattern.place, source);
    return;
  }
  const everyLeaf = (leaf: Shape) => patternPlaces(pattern).forEach((p) => widen(p, leaf));
  if (isStatic(source) && patternExpressions(pattern).every((e) => isStatic(shape(e)))) {
    pattern.bind = "static";
    everyLeaf(STATIC);
  } else if (pattern.kind === "object" && source.kind === "ref" && plainFields(pattern)) {
    bindFields(pattern);
    everyLeaf(REF);
  } else if (pattern.kind === "array" && isContainer(source) && pattern.elements.every((e) => typeof e.key === "number")) {
    pattern.bind = "elements";
    for (const element of pattern.elements) {
      const index = element.key as number;
      const value = element.rest ? restShape(source, index) : elementShape(source, index);
      if (!element.initializer) {
        bindPattern(element.target, value, widen);
      } else if (isStatic(value) && isStatic(shape(element.initializer))) {
        element.defaultAt = "build";
        bindPattern(element.target, STATIC, widen);
      } else {
        // A graph value is never `undefined` at build time: whether the default applies is a run-time question.
        element.defaultAt = "run";
        bindPattern(element.target, REF, widen);
      }
    }
  } else {
    // Defaults, rests, computed keys and iteration of a run-time value: the pattern itself runs, in a compute node.
    pattern.bind = "compute";
    everyLeaf(REF);
  }
}

/** An object pattern whose names are plain field paths: `{ a, b: { c }, "d": e }`. */
function plainFields(pattern: Pattern): boolean {
  if (pattern.kind === "name") return true;
  return pattern.kind === "object" && pattern.elements.every((e) =>
    !e.rest && !e.initializer && (typeof e.key === "string" || typeof e.key === "number") && plainFields(e.target));
}

function bindFields(pattern: Pattern): void {
  if (pattern.kind === "name") pattern.bind = "name";
  else {
    pattern.bind = "fields";
    for (const element of pattern.elements) bindFields(element.target);
  }
}

/**
 * Operands first; a map's callback parameters take the array's element shape (bound like any
 * pattern), and its steps are bound like declarations, before its result is read.
 */
function infer(expr: Expr, round: Round): void {
  const { widen, isBuiltInData } = round;
  if (expr.kind === "map") {
    infer(expr.array, round);
    const array = shape(expr.array);
    const atBuildTime = isStatic(array) || isContainer(array);
    const [element, index] = expr.params;
    const sources = [isStatic(array) ? STATIC : isContainer(array) ? elementShape(array) : REF, atBuildTime ? STATIC : REF];
    [element, index].forEach((param, i) => {
      if (!param) return;
      for (const e of patternExpressions(param)) infer(e, round);
      bindPattern(param, sources[i]!, widen);
    });
    for (const step of expr.steps) {
      infer(step.init!, round);
      for (const e of patternExpressions(step.pattern)) infer(e, round);
      bindPattern(step.pattern, shape(step.init!), widen);
    }
    infer(expr.body, round);
  } else {
    for (const operand of operandsOf(expr)) infer(operand, round);
  }
  // A data method on a build-time value typed as a built-in array, `Map`, `Set` or a primitive
  // (`this.members.at(0)`, `this.members.slice(1)`, `this.persona.trim()`), or on a string a
  // built-in made or written (`this.tags.join("|").toUpperCase()`, `` `${x}`.trim() ``), is the
  // built-in one: it runs at build time.
  // Not when it is given code to run that may have effects (`this.words.map(noisy)`): the build
  // would run it once, where eager's code runs it on each call.
  if (expr.kind === "call" && expr.calleeKind === "pure-on-data" && expr.callee.kind === "member" && isStatic(shape(expr.callee.object)) &&
      (isBuiltInData(expr.callee.object.node) || isPrimitiveMade(expr.callee.object)) && !mayRunCodeGiven(expr)) {
    expr.calleeKind = "pure";
  }
  const [how, result] = round.readsAfterGiven.has(expr) ? afterGiving(expr, round) : decide(expr, round.fresh);
  // A build-time array or object that `findEscapes` found given to what may change it: one object
  // of the run (a packing node), read at run time from then on, as eager's one object is.
  const shared = round.shared.has(expr) && (how === "array" || how === "object");
  expr.how = shared ? "shared" : how;
  expr.shape = shared ? REF : result;
}

/** Whether `expr` makes a primitive as written: a literal, a template, or a built-in call that returns one (`xs.join("|")`). */
function isPrimitiveMade(expr: Expr): boolean {
  if (expr.kind === "literal") return true;
  if (expr.kind === "pure") return "templateSpans" in expr.node;
  return expr.kind === "call" && expr.calleeKind === "pure" && returnsPrimitive(expr);
}

/**
 * A read of a grown container or held literal after it was given away: the run's object, read at
 * run time; a held literal a loop goes over stays a build-time array or object the builder vouches
 * for (`g.kept`: no effect was given it, or the build fails and the instance is traced).
 */
function afterGiving(expr: Expr, round: Round): [How, Shape] {
  const place = (expr as Extract<Expr, { kind: "variable" }>).place;
  if (place.held && round.loopSources.has(expr) && place.shape) return ["kept", place.shape];
  return ["variable", REF];
}

/** The one place that defines every operation for every shape of its operands. */
function decide(expr: Expr, fresh: ReadonlySet<Expr>): [How, Shape] {
  // Known only as the builder decides (at build time, or in a node of the run): a graph value.
  if (expr.stateRead !== undefined) return ["state", expr.stateRead.atBuildTime ? STATIC : REF];
  const constant = expr.kind !== "variable" && operandsOf(expr).every((o) => isStatic(shape(o)));
  // A constant that escapes a run is made on each run; once it holds a graph value it is
  // assembled on each run anyway, by the operation its shape defines.
  if (constant && fresh.has(expr)) return ["fresh", REF];
  if (constant && staticForm(expr)) return ["static", STATIC];
  switch (expr.kind) {
    case "this": case "literal": case "global":
      return ["static", STATIC];
    case "variable":
      // Read before its definition in this round (hoisting, loops): the next round sees it.
      return ["variable", expr.place.shape ?? STATIC];
    case "member":
      return readMember(shape(expr.object), expr.key, expr.optional);
    case "element": {
      const object = shape(expr.object);
      if (!isStatic(shape(expr.index))) return ["compute", REF];
      if (isContainer(object)) return ["index", elementShape(object)];
      if (object.kind === "dict") return ["index", object.value];
      return ["compute", REF];
    }
    case "call":
      if (expr.calleeKind === "operator") return expr.optional ? ["operator-optional", VALUE] : ["operator", REF];
      return ["compute", REF];
    case "await":
      // Awaiting what is made right there dissolves into it (its node); awaiting a call started
      // before (`await p`) ends the moment that call began (`g.await`).
      return [madeWhereAwaited(expr.operand) || isStatic(shape(expr.operand)) ? "pass" : "await", shape(expr.operand)];
    case "promise-all": {
      // An `await` inside the array settles before `Promise.all` even starts: eager then raises
      // that await's error, not the group's first in time, so such an array is no group.
      // (The awaits of an async callback wait inside the promise it returns.)
      return [awaitsFirst(expr.operand) ? "pass" : "all", shape(expr.operand)];
    }
    case "array": {
      const parts = expr.elements.map((e) => ({ spread: e.spread, shape: shape(e.value) }));
      if (parts.some((p) => p.spread && !isStatic(p.shape) && !isContainer(p.shape))) return ["compute", REF];
      // Spreads of build-time arrays run at build time; the result is exact while every length is known.
      const known = parts.every((p) => !p.spread || p.shape.kind === "tuple");
      if (known) {
        return ["array", tupleOf(parts.flatMap((p) => (p.spread ? (p.shape as Extract<Shape, { kind: "tuple" }>).elements : [p.shape])))];
      }
      const element = parts.reduce<Shape | undefined>((acc, p) => join(acc, p.spread && isContainer(p.shape) ? elementShape(p.shape) : p.shape), undefined);
      return ["array", listOf(element ?? STATIC)];
    }
    case "object": {
      if (expr.properties.some((p) => p.spread || (typeof p.key === "object" && !isStatic(shape(p.key))))) return ["compute", REF];
      if (expr.properties.some((p) => typeof p.key === "object")) return ["object", VALUE];
      return ["object", recordOf(new Map(expr.properties.map((p) => [p.key as string, shape(p.value)])))];
    }
    case "map": {
      const array = shape(expr.array);
      if (isStatic(array) || isContainer(array)) return ["map", listOf(shape(expr.body))];
      return ["compute", REF];
    }
    case "pure":
      return ["compute", REF];
    case "opaque":
      return ["compute", REF];
  }
}

/** Whether what an `await` waits for is made by its operand itself: a call, a `Promise.all`, another `await`. */
function madeWhereAwaited(expr: Expr): boolean {
  return expr.kind === "call" || expr.kind === "promise-all" || expr.kind === "await" || expr.kind === "map";
}

/** Whether evaluating `expr` awaits something before it has its value (not in an async callback it makes). */
function awaitsFirst(expr: Expr): boolean {
  if (expr.kind === "await") return true;
  if (expr.kind === "map" && expr.async) return awaitsFirst(expr.array);
  return operandsOf(expr).some(awaitsFirst);
}

/**
 * Expressions that, over static operands, are static themselves (an operator call never is, and
 * an empty array literal is the `EMPTY` container pushes may fill).
 */
function staticForm(expr: Expr): boolean {
  if (expr.kind === "call") return expr.calleeKind !== "operator" && isGraphCall(expr);
  if (expr.kind === "array") return expr.elements.length > 0;
  return expr.kind !== "opaque" && expr.kind !== "await" && expr.kind !== "promise-all";
}

/** `object.key`, for each shape of `object`. */
function readMember(object: Shape, key: string | number, optional: boolean): [How, Shape] {
  if (object.kind === "ref") return optional ? ["compute", REF] : ["field", REF];
  if (isContainer(object)) {
    if (key === "length") return ["index", STATIC];
    if (typeof key === "number") return ["index", elementShape(object, key)];
    return ["compute", REF];
  }
  if (isObjectContainer(object) && typeof key === "string") return ["index", fieldShape(object, key)];
  return ["compute", REF];
}

function shape(expr: Expr): Shape {
  if (expr.shape === undefined) throw new IRInvariantError(`expression at ${expr.node.pos} was read before it was given a shape`);
  return expr.shape;
}
