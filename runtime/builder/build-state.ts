import { Graph, splitPath, type ChangedPart, type FieldMapping, type GraphEdge, type GraphNode, type GroupScope, type Invokable, type NodeKind } from "../graph/index.js";
import { isAsyncFunction } from "../async-function.js";
import { hasEffects } from "../operator.js";
import { UniqueIds } from "./operator-paths.js";
import { isBoundaryCheck, settlesAtOnce } from "./boundary-check.js";
import { Ref, constantOf, holdsRef, isPlainStructure, type Value } from "./ref.js";

/** A graph node as the builder makes it (one fixed shape, so builds stay fast). */
class BuiltNode implements GraphNode {
  id = "";
  order = 0;
  group: number | undefined = undefined;
  scope: GroupScope | undefined = undefined;
  step = 0;
  awaits = 0;
  constants: Record<string, unknown> | unknown[];
  readonly fieldOrder: string[] = [];
  mayBeChanged: ChangedPart[] | undefined = undefined;
  joinedBefore: string | null | undefined = undefined;
  readsState: boolean | undefined = undefined;
  changesWhatItReads: boolean | undefined = undefined;

  constructor(
    readonly kind: NodeKind,
    readonly label: string,
    readonly op: Invokable | undefined,
    readonly fn: ((...args: any[]) => unknown) | undefined,
    public shape: "object" | "array",
  ) {
    this.constants = shape === "array" ? [] : {};
  }
}

/** An open `g.all`: its id, the outermost group's, and the member being inlined into it. */
interface OpenGroup {
  readonly id: number;
  /** The top-level group, when this one is nested. */
  readonly root: number | undefined;
  /** `g.all`s that joined it and are being built: the calls in their arrays are not awaited one by one. */
  joins: number;
  /** The structure that opened the group: an operator it inlines is one member. */
  readonly prefix: string;
  /** The first node of the member being inlined, if one is. */
  member: number | undefined;
  /** Where the group sits, when nested in another group's member. */
  readonly outer: GroupScope | undefined;
  /** The scope of nodes made now, shared by all of them (made on first use). */
  scope: GroupScope | undefined;
  /** When nested: where it starts in the member around it. */
  readonly at: Steps;
  /** How far the member being inlined has got (`GraphNode.step`, `GraphNode.awaits`). */
  readonly passed: Steps;
}

/** A member's waits so far: for calls (`step`), and every `await`. */
interface Steps {
  step: number;
  awaits: number;
}

function scopeOf(open: OpenGroup): GroupScope {
  return (open.scope ??= { group: open.id, member: open.member ?? -1, outer: open.outer, step: open.at.step, awaits: open.at.awaits });
}


/**
 * A structure that cannot be built for this instance because what it reads while building is
 * known only at run time (`g.kept`): not a bug; the instance runs through the tracing JIT.
 * `asWritten`: its calls must also not be made early on predicted inputs (a copy of what the
 * code gives them), so the tracing JIT runs `forward` as written.
 */
export class NeedsRunTime extends Error {
  override readonly name = "NeedsRunTime";
  /**
   * `about`: an operator inlined into the structure whose own structure is the one that cannot be
   * built (its form depends on state another operator of the tree changes): it runs as written too
   * when called on its own, where that other operator is out of its sight.
   */
  constructor(message: string, readonly asWritten = false, readonly about?: object) {
    super(message);
  }
}

/** Whether eager's code awaits at the node: every call, and host code with an `await` (emitted `async`). */
function awaitsAt(init: NodeInit): boolean {
  return init.kind === "call" || (init.kind === "host" && isAsyncFunction(init.fn));
}

/**
 * Whether what eager awaits there is a call, which takes time: not a boundary check of a
 * synchronous schema, and not host code, whose awaits may settle within the moment (the scheduler
 * keeps what follows a wait for a call after such a host: `plan.waitsForHosts`).
 */
function waitsAt(init: NodeInit): boolean {
  return init.kind === "call" && !settlesAtOnce(init.op);
}

/**
 * An array or object of the structure (one it grows, a literal, one nested in an input), as a node
 * packed it: what it held then, and whether an effect has been given that node's value (from then
 * on the run's one object).
 */
interface Packing {
  readonly container: object;
  readonly node: number;
  /** A shallow copy of what it held. */
  readonly held: readonly unknown[] | Readonly<Record<string, unknown>>;
  taken: boolean;
}

/**
 * A part an effect was given, or one it reaches through what another part holds (`via`: that
 * holder, whose value must be an object for the effect to reach this one; cleared when the part is
 * reached another way too). Shared by every node that reads it, as the build goes on.
 */
interface Mark {
  readonly parts: readonly string[];
  readonly part: { readonly from: string; readonly path: string; via?: { readonly from: string; readonly path: string } };
}

/** The part of a node's value at a path (`[]`: the whole value). */
interface Part {
  readonly node: number;
  readonly path: readonly string[];
}

/** Whether one part holds the other: a path is a prefix of the other. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** A node being wired, with its incoming field mappings grouped by producer index, in wiring order. */
interface NodeDraft {
  readonly node: BuiltNode;
  readonly sources: Map<number, FieldMapping[]>;
}

export interface NodeInit {
  readonly kind: NodeKind;
  readonly id: string;
  readonly label: string;
  readonly op?: Invokable;
  readonly fn?: (...args: any[]) => unknown;
  /** Host nodes: the parts of their reads they may change, as `"name"` or `"name.path"`. */
  readonly changes?: readonly string[];
  /** A host node that only reads state on an operator (`stateRead`). */
  readonly readsState?: boolean;
}

/**
 * The graph under construction, shared by the builder of a structure and the builders of the
 * operators it inlines: nodes in program order (creation order), unique ids, field wiring.
 */
export class BuildState {
  /** `root`: the operator whose structure is built (the others are inlined into it). */
  constructor(readonly root: object) {}
  private readonly drafts: NodeDraft[] = [];
  private readonly ids = new UniqueIds();
  private outputNode: number | undefined;
  /** The operators whose structures are being run, to refuse an operator that contains itself. */
  readonly inlining = new Set<object>();
  /** Every operator inlined so far, in program order (their state signatures guard the graph). */
  readonly inlined: object[] = [];
  /** Id prefix of the structure being built (`members.3/`), set by the builder around inlining. */
  currentPrefix = "";
  /** The innermost open await group (`g.all`), if any. */
  private open: OpenGroup | undefined = undefined;
  /**
   * State reads at run time (`stateRead`) by holder and key, each with how many effects the graph
   * had after it was made: read again with no effect since, it is the same node.
   */
  private readonly stateReads = new Map<object, Map<string, { ref: Ref; at: number; readonly nodes: Part[] }>>();
  /** Each state read node's holder and key (`stateRead`), by node. */
  private readonly stateNodes = new Map<number, { readonly holder: object; readonly key: string }>();
  /** How many effects (host code, calls declaring effects) the graph has. */
  private effects = 0;
  /** What calls started without `await` hold until they are awaited (`holdWhileRunning`). */
  private readonly holding = new Map<Ref, { container: object; entries: unknown[] }[]>();
  /**
   * What the effects of a call started without `await` were given, until eager's code awaits it:
   * they change it when they answer, so a read meanwhile reads it as it is (`readWhileRunning`).
   */
  private readonly runningGiven = new Map<Ref, Part[]>();
  /** The effects' parts of each call `g.start` is building now, innermost last (`beginStart`). */
  private readonly startingGiven: Part[][] = [];
  /** Calls started without `await` not awaited yet, with the index eager's code awaits each before (`join`). */
  private readonly started = new Map<number, number | undefined>();
  /** Groups opened by calls started without `await` (`startMoment`), innermost last, with what to restore. */
  private readonly moments: { readonly group: OpenGroup; readonly outer: OpenGroup | undefined; readonly waitsBefore: number }[] = [];
  private groups = 0;
  /** Calls made so far that take time (`waitsAt`): a nested group that made one is waited for. */
  private waits = 0;
  /** Parts of node values an effect has been given, by node: what it may have changed (`GraphNode.mayBeChanged`). */
  private readonly changed = new Map<number, Mark[]>();
  /** Grown containers by the node that last packed each, and packing nodes by index. */
  private readonly packedAs = new WeakMap<object, Packing>();
  private readonly packings = new Map<number, Packing>();
  /** Containers an effect was given a copy of, in the order it happened (`flushTaken`). */
  private readonly taken: object[] = [];
  /** Field reads taken so far, by the node they read once an effect asked (`noteFieldRead`). */
  private fieldReads: Ref[] | Map<number, Ref[]> = [];
  /**
   * Parts already marked (`markChanged`); the nodes reading each node; for each node that does not
   * pack, the changed parts its value may hold (`heldBy`), kept up to date as marks are added.
   */
  private readonly marked = new Map<string, Mark>();
  private consumers: number[][] | undefined;
  private readonly below: (readonly ChangedPart[] | undefined)[] = [];

  /**
   * Runs `build` with every node it creates in one await group. A nested `all` straight inside
   * the group joins it (eager's outer `Promise.all` fails when the inner one does, at the same
   * moment); one inside an operator inlined as a member opens a group nested in that member.
   */
  inGroup<T>(build: () => T): T {
    const outer = this.open;
    if (outer !== undefined && outer.member === undefined) {
      // Joined: the calls in the array are not awaited one by one (a moment stays open).
      outer.joins++;
      try {
        return build();
      } finally {
        outer.joins--;
      }
    }
    const moments = this.moments.length;
    const waitsBefore = this.openGroup(outer);
    try {
      return build();
    } finally {
      this.closeMoments(moments);
      this.closeGroup(outer, waitsBefore);
    }
  }

  /**
   * A call started without `await` (`g.start`): eager's code goes on while it runs, so it and what
   * the code makes until its next `await` start in one moment, as the calls of one `Promise.all`
   * do. The moment is an await group, opened here unless a group is open straight around.
   */
  startMoment(): void {
    const outer = this.open;
    if (outer !== undefined && outer.member === undefined) return;
    const waitsBefore = this.openGroup(outer);
    this.moments.push({ group: this.open!, outer, waitsBefore });
  }

  /**
   * An `await` of the code being built: an awaited call was made, a `Promise.all` or an `await` of
   * a started call (`g.await`). It ends the moment a started call opened at this level; elsewhere
   * in a member, it is one more await the member passed.
   */
  awaited(passed: boolean): void {
    const moment = this.moments.at(-1);
    if (moment !== undefined && this.open === moment.group && moment.group.member === undefined) {
      if (moment.group.joins === 0) this.closeMoments(this.moments.length - 1);
      return;
    }
    if (passed && this.open?.member !== undefined) passAwait(this.open.passed, false);
  }

  /**
   * `await value` of the code being built (`g.await`). A call's value is there when its node is
   * done; what host code defined may be a promise it started (`const p = this.a.invoke(x)` kept in
   * a host node), which a node of its own awaits, as eager's `await p` does.
   */
  awaitValue(value: Value): Value {
    this.join(value);
    const result = this.definedByHost(value) ? this.awaitNode(value, awaitHeld) : value;
    this.awaited(true);
    return result;
  }

  /** A call node just made by `g.start`: eager's code goes on while it runs, until it awaits it (`join`). */
  noteStarted(ref: Ref): void {
    const target = unwrapView(ref);
    if (target instanceof Ref && "node" in target.target && target.target.path.length === 0) this.started.set(target.target.node, undefined);
  }

  /**
   * A call started without `await` (`g.start`) to an operator that may read what it was given after
   * an await of its own (one inlined, or declaring effects) holds the arrays and objects in `args`
   * until eager's code awaits it: the structure read them when the call was built, so one changed
   * meanwhile (`req.query = "edited"` before `await p`) is known only at run time (`landed`).
   */
  holdWhileRunning(ref: Ref, args: Value): void {
    const held: { container: object; entries: unknown[] }[] = [];
    const seen = new Set<object>();
    const visit = (value: unknown): void => {
      const target = value instanceof Ref ? unwrapView(value) : value;
      const packing = target instanceof Ref && "node" in target.target && target.target.path.length === 0 ? this.packings.get(target.target.node) : undefined;
      const container = packing?.container ?? target;
      if (container instanceof Ref || !isPlainStructure(container) || seen.has(container)) return;
      seen.add(container);
      held.push({ container, entries: entriesOf(container) });
      for (const item of Array.isArray(container) ? container : Object.values(container)) visit(item);
    };
    visit(args);
    if (held.length > 0) this.holding.set(ref, held);
  }

  /**
   * `holder[key]` read by a host node where eager's code reads it (`g.state`). One node serves
   * the reads until an effect comes: an effect given its value, or a call of `holder` (which may
   * change its own state), is given that node's value, so reads of its parts taken before it read
   * there (`snapshotReads`) and reads after it wait for it; a read after an effect is a node of its
   * own, after it in program order.
   */
  stateRead(holder: object, key: string, prefix: string): Ref {
    const byKey = this.stateReads.get(holder) ?? this.stateReads.set(holder, new Map()).get(holder)!;
    const known = byKey.get(key);
    if (known !== undefined && known.at === this.effects) return known.ref;
    const read = () => ({ value: (holder as Record<string, unknown>)[key] });
    const ref = this.addNode({ kind: "host", id: `${prefix}state-${key}`, label: `state ${key}`, fn: read, changes: [], readsState: true }, {}, "object").get("value");
    const part = ref.target as Part;
    this.stateNodes.set(part.node, { holder, key });
    if (known === undefined) byKey.set(key, { ref, at: this.effects, nodes: [part] });
    else Object.assign(known, { ref, at: this.effects }).nodes.push(part);
    return ref;
  }

  /**
   * What an effect is given besides its input, of state read by `stateRead`: every read of the
   * state it is given a read of (the reads before another effect hand on the same object), and,
   * for a call of an operator holding state, every read of that state (it may change its own).
   */
  private stateGiven(op: object | undefined, given: readonly Part[]): Part[] {
    if (this.stateNodes.size === 0) return [];
    const more: Part[] = [];
    const holders = op === undefined ? undefined : this.stateReads.get(op);
    for (const read of holders?.values() ?? []) more.push(...read.nodes);
    for (const part of given) {
      const state = this.stateNodes.get(part.node);
      if (state === undefined) continue;
      // The same object read through another holder too (a parent's `this.memory`, its worker's).
      const value = (state.holder as Record<string, unknown>)[state.key];
      for (const [holder, byKey] of this.stateReads) {
        for (const [key, read] of byKey) {
          if ((holder === state.holder && key === state.key) || (typeof value === "object" && value !== null && (holder as Record<string, unknown>)[key] === value)) more.push(...read.nodes.filter((p) => p.node !== part.node));
        }
      }
    }
    return more;
  }

  /** `g.start` builds its call: what its effects are given is noted (`endStart`). */
  beginStart(): void {
    this.startingGiven.push([]);
  }

  /** The call `ref` was started: until it is awaited, reads of what its effects were given are taken at once. */
  endStart(ref: Ref | undefined): void {
    const given = this.startingGiven.pop()!;
    if (ref !== undefined && given.length > 0) this.runningGiven.set(ref, given);
  }

  /** Eager's code awaits `value`: what a started call in it held (`holdWhileRunning`) must be as it was. */
  private landed(value: unknown): void {
    if (value instanceof Ref) this.runningGiven.delete(value);
    const held = value instanceof Ref ? this.holding.get(value) : undefined;
    if (held !== undefined) {
      this.holding.delete(value as Ref);
      for (const { container, entries } of held) {
        if (!sameItems(entriesOf(container), entries)) {
          throw new NeedsRunTime("a local array or object given to a call started without `await` was changed before the call was awaited, and the operator may read it after an await of its own", true);
        }
      }
    } else if (Array.isArray(value)) {
      for (const item of value) this.landed(item);
    }
  }

  /** `forward` returns: the calls it never awaited ran while it went on to here. */
  landAll(): void {
    for (const ref of new Set([...this.holding.keys(), ...this.runningGiven.keys()])) this.landed(ref);
  }

  /** Eager's code awaits `value` here: a started call in it (or it) is awaited before the next node. */
  join(value: unknown): void {
    if (this.holding.size > 0 || this.runningGiven.size > 0) this.landed(value);
    if (this.started.size === 0) return;
    const target = value instanceof Ref ? unwrapView(value) : value;
    if (target instanceof Ref && "node" in target.target && this.started.has(target.target.node) && this.started.get(target.target.node) === undefined) {
      this.started.set(target.target.node, this.drafts.length);
    } else if (Array.isArray(target)) {
      for (const item of target) this.join(item);
    }
  }

  /** Every join named by id (`null`: eager's code never awaits the call; its `forward` may return while it runs). */
  private nameJoins(): void {
    for (const [node, at] of this.started) this.drafts[node]!.node.joinedBefore = at === undefined ? null : this.drafts[at]!.node.id;
  }

  /**
   * What a `Promise.all` (`g.all`) awaits, once its group is built: the calls' values are there when
   * their nodes are done; promises host code defined (calls kept in a host node: the whole list, or
   * elements of it) are awaited by nodes of their own, as eager's `Promise.all` awaits them.
   */
  settleAll<T>(value: T): T {
    this.join(value);
    if (this.definedByHost(value as Value)) return this.awaitNode(value as Value, awaitAllHeld) as T;
    if (!Array.isArray(value) || !value.some((v) => this.definedByHost(v))) return value;
    return value.map((v) => (this.definedByHost(v) ? this.awaitNode(v, awaitHeld) : v)) as T;
  }

  /** Whether `value` is (a part of) what a host node defined, which may be a promise it started. */
  private definedByHost(value: Value): boolean {
    const target = value instanceof Ref ? unwrapView(value) : value;
    return target instanceof Ref && "node" in target.target && this.drafts[target.target.node]?.node.kind === "host";
  }

  private awaitNode(value: Value, fn: (reads: { value: unknown }) => Promise<{ value: unknown }>): Ref {
    return this.addNode({ kind: "host", id: this.currentPrefix + "await", label: "await", fn, changes: [] }, { value }, "object").get("value");
  }

  /** Ends the moments opened since there were `depth` (a member or structure ended with a call it never awaited). */
  closeMoments(depth: number): void {
    while (this.moments.length > depth) {
      const moment = this.moments.pop()!;
      this.closeGroup(moment.outer, moment.waitsBefore);
    }
  }

  private openGroup(outer: OpenGroup | undefined): number {
    this.open = {
      id: this.groups++, root: outer && (outer.root ?? outer.id), prefix: this.currentPrefix, member: undefined, joins: 0,
      outer: outer && scopeOf(outer), scope: undefined, at: { ...(outer?.passed ?? { step: 0, awaits: 0 }) }, passed: { step: 0, awaits: 0 },
    };
    return this.waits;
  }

  private closeGroup(outer: OpenGroup | undefined, waitsBefore: number): void {
    this.open = outer;
    // The member around the group awaits its `Promise.all`.
    if (outer !== undefined) passAwait(outer.passed, this.waits > waitsBefore);
  }

  /**
   * Runs `build`, an operator being inlined or the steps of an async callback (`g.member`);
   * straight inside a group, its nodes form one member: eager starts it with the group, then runs
   * its steps in its own program order. `awaited`: eager awaits what `build` makes as one value
   * (an inlined operator's `invoke`), one more await of the member it is a step of.
   */
  inMember<T>(build: () => T, awaited: boolean): T {
    const open = this.open;
    const moments = this.moments.length;
    if (open === undefined || open.member !== undefined || this.currentPrefix !== open.prefix) {
      let value: T;
      try {
        value = build();
      } finally {
        this.closeMoments(moments);
      }
      // Its calls were the member's own waits; the result itself is there at once.
      if (awaited && open?.member !== undefined) passAwait(open.passed, false);
      return value;
    }
    open.member = this.drafts.length;
    open.scope = undefined;
    open.passed.step = open.passed.awaits = 0;
    try {
      return build();
    } finally {
      this.closeMoments(moments);
      open.member = undefined;
      open.scope = undefined;
    }
  }

  /** `base`, or `base#2`, `base#3`, … when taken. */
  uniqueId(base: string): string {
    return this.ids.take(base);
  }

  /** Adds a node whose input is `input` (object fields, positional items, or one whole value). */
  addNode(init: NodeInit, input: Value, shape: "object" | "array" | "whole"): Ref {
    const draft: NodeDraft = { node: new BuiltNode(init.kind, init.label, init.op, init.fn, shape === "array" ? "array" : "object"), sources: new Map() };
    // Wiring first: packing nodes for nested arguments come before the node, as eager evaluates them.
    if (shape === "whole") this.wireWhole(draft, input);
    else this.wireFields(draft, input as Record<string, Value> | Value[]);
    // An effect keeps program order already; what it is given it may change for the nodes after it:
    // all of it for a call declaring effects, the parts it names for host code.
    const effect = init.kind === "host" || (init.kind === "call" && hasEffects(init.op!));
    const read = effect ? this.partsRead(draft, init.kind === "host" ? (init.changes ?? []) : undefined) : [];
    const state = effect ? this.stateGiven(init.op, read) : [];
    const given = state.length === 0 ? read : [...read, ...state];
    if (given.length > 0) this.snapshotReads(given);
    if (read.length > 0) for (const parts of this.startingGiven) parts.push(...read);
    draft.node.id = this.uniqueId(init.id);
    draft.node.order = this.drafts.length;
    if (init.readsState === true) draft.node.readsState = true;
    if (init.kind === "host" && (init.changes?.length ?? 0) > 0) draft.node.changesWhatItReads = true;
    const open = this.open;
    if (open !== undefined) {
      draft.node.group = open.root ?? open.id;
      // A lone member of a top-level group needs no scope: its group says all.
      if (open.member !== undefined || open.outer !== undefined) draft.node.scope = scopeOf(open);
      if (open.member !== undefined) {
        draft.node.step = open.passed.step;
        draft.node.awaits = open.passed.awaits;
      }
    }
    const waited = waitsAt(init);
    if (waited) this.waits++;
    if (open?.member !== undefined && awaitsAt(init)) passAwait(open.passed, waited);
    // What the node's value may hold of what effects were given: the parts a node after it reads.
    const held = this.changed.size === 0 ? undefined : this.heldBy(draft);
    if (!effect && held !== undefined) draft.node.mayBeChanged = [...held];
    const index = this.drafts.push(draft) - 1;
    if (this.consumers !== undefined) for (const from of draft.sources.keys()) (this.consumers[from] ??= []).push(index);
    if (held !== undefined && !this.isPacking(index) && this.holdsReads(index)) this.below[index] = held;
    if (given.length > 0) this.markChanged(given);
    // A read of state changes nothing: the reads before it may still be the same node.
    if (effect && init.readsState !== true) this.effects++;
    if (init.kind === "output") this.outputNode = index;
    // Host code that awaits: what comes after it is past an await.
    if (init.kind === "host" && awaitsAt(init)) this.awaited(false);
    return new Ref(this, { node: index, path: [] });
  }

  /**
   * A container the structure grows, packed into a node where one reads it: a copy of what it
   * holds now (a later push must not show in what an earlier node read), the one made before when
   * nothing changed since (eager's readers share one object). Once an effect was given
   * such a copy, that copy is the run's object, as eager's one array is: later reads read it, with
   * what was pushed or written since added to it in place by a node (after the effect, since it
   * reads what the effect may have changed).
   */
  pack(container: unknown[] | Record<string, unknown>): Ref {
    // Already a node's value (a literal packed where it was written, read again): that value.
    if (container instanceof Ref) return container;
    const last = this.packedAs.get(container);
    const shape = Array.isArray(container) ? "array" : "object";
    // Read again with nothing changed since: the same node's value, one object as eager's is (a
    // nested operator reading it after its first await sees what an effect of its moment did to it).
    if (last !== undefined && !last.taken && this.holdsAsPacked(last)) return new Ref(this, { node: last.node, path: [] });
    if (last === undefined || !last.taken) {
      const ref = this.addNode({ kind: "compute", id: this.currentPrefix + (shape === "array" ? "list" : "object"), label: shape === "array" ? "list" : "object" }, container, shape);
      this.remember(container, (ref.target as Part).node, false);
      return ref;
    }
    const held = last.held as Record<string, unknown>;
    const added = Array.isArray(container)
      ? this.pushedSince(last.held as unknown[], container)
      : Object.entries(container).filter(([k, v]) => !(k in held) || held[k] !== v);
    // What was pushed since onto an array it holds that an effect was given too (`state.ctx.docs`)
    // is added to that one array first; a reader of this object reads it after that.
    const nested: Ref[] = [];
    for (const v of Array.isArray(container) ? container : Object.values(container)) {
      if (v instanceof Ref || !isPlainStructure(v) || this.packedAs.get(v)?.taken !== true) continue;
      const before = this.packedAs.get(v)!.node;
      const ref = this.pack(v as unknown[] | Record<string, unknown>);
      if ((ref.target as Part).node !== before) nested.push(ref);
    }
    const target = nested.length === 0
      ? new Ref(this, { node: last.node, path: [] })
      : this.addNode({ kind: "compute", id: this.currentPrefix + "after-pushes", label: "after pushes", fn: (value: unknown) => value }, [new Ref(this, { node: last.node, path: [] }), ...nested], "array");
    if (added.length === 0) {
      if (nested.length > 0) this.remember(container, (target.target as Part).node, true);
      return target;
    }
    const ref = Array.isArray(container)
      ? this.addNode({ kind: "compute", id: this.currentPrefix + "push", label: "push", fn: (list: unknown[], ...items: unknown[]) => (list.push(...items), list) }, [target, ...added.map(([, v]) => v)], "array")
      : this.addNode({ kind: "compute", id: this.currentPrefix + "assign", label: "assign", fn: Object.assign }, [target, Object.fromEntries(added)], "array");
    this.remember(container, (ref.target as Part).node, true);
    return ref;
  }

  /**
   * Before `forward`'s result: what was pushed onto (or written into) a container an effect was
   * given, since its last read, is added to the run's object, which the effect may have kept (an
   * operator that hands back its input), as eager's pushes are.
   */
  flushTaken(): void {
    for (const container of this.taken) this.pack(container as unknown[] | Record<string, unknown>);
  }

  /**
   * `container`, read while the graph is built (a loop over it), if no effect has been given it or
   * anything it holds; otherwise what it holds is known only at run time, and the structure cannot
   * be built (the safety net runs the instance through the tracing JIT, with eager's results).
   */
  kept<T>(container: T): T {
    // No effect was given anything yet (most builds): nothing to look for.
    if (this.taken.length === 0) return container;
    const seen = new Set<object>();
    const visit = (value: unknown): void => {
      if (value instanceof Ref || !isPlainStructure(value) || seen.has(value)) return;
      seen.add(value);
      if (this.packedAs.get(value)?.taken) {
        throw new NeedsRunTime("a loop goes over a local array or object after an operator declaring effects (or host code) was given it, so what it holds is known only at run time");
      }
      for (const item of Array.isArray(value) ? value : Object.values(value)) visit(item);
    };
    visit(container);
    return container;
  }

  /**
   * Whether the container holds what its packing node packed: the same values by identity, and
   * each array or object inside it packed by the node wired there and unchanged too. A constant
   * array or object inside it (no graph value) may have been changed in place since; not reused.
   */
  private holdsAsPacked(packing: Packing): boolean {
    if (!sameItems(entriesOf(packing.container), entriesOf(packing.held))) return false;
    const fromOf = new Map<string, number>();
    for (const [from, fields] of this.drafts[packing.node]!.sources) for (const [, field] of fields) fromOf.set(field, from);
    for (const [key, value] of Object.entries(packing.container)) {
      if (value instanceof Ref || !isPlainStructure(value)) continue;
      const inner = this.packedAs.get(value);
      if (inner === undefined || inner.taken || inner.node !== fromOf.get(key) || !this.holdsAsPacked(inner)) return false;
    }
    return true;
  }

  private pushedSince(held: readonly unknown[], list: unknown[]): (readonly [number, unknown])[] {
    const kept = held.length <= list.length && held.every((v, i) => list[i] === v);
    // The structure only pushes onto a list it grows; anything else is not a build-time list.
    if (!kept) throw new Error("a list the structure grows changed other than by pushes after an effect was given it");
    return list.slice(held.length).map((v, i) => [held.length + i, v] as const);
  }

  private remember(container: object, node: number, taken: boolean): void {
    const packing: Packing = { container, node, held: Array.isArray(container) ? container.slice() : { ...container }, taken };
    this.packedAs.set(container, packing);
    this.packings.set(node, packing);
  }

  /**
   * What node `m`'s value at `path` may hold of other nodes' values: a packing node the fields
   * there; a compute or host node all it read (a function may return a part of its arguments); a
   * boundary check what it checked (a schema's value may be its input). Not an operator's result:
   * an operator that returns or keeps its input declares effects (docs/decisions.md, "Tracing:
   * identity of early results"), and an effect's input is marked when it is given it.
   */
  private heldParts(m: number, path: readonly string[]): Part[] {
    const draft = this.drafts[m]!;
    if (!this.holdsReads(m)) return [];
    const packs = this.isPacking(m);
    const parts: Part[] = [];
    for (const [from, fields] of draft.sources) {
      for (const [outputPath, field] of fields) {
        if (!packs || path.length === 0) parts.push({ node: from, path: splitPath(outputPath) });
        else if (field === path[0] || field === "") parts.push({ node: from, path: [...splitPath(outputPath), ...path.slice(field === "" ? 0 : 1)] });
      }
    }
    return parts;
  }

  /** What `draft` reads: every part, or (`named`) those parts of its input fields, `"field.path"`. */
  private partsRead(draft: NodeDraft, named?: readonly string[]): Part[] {
    const parts: Part[] = [];
    for (const [from, fields] of draft.sources) {
      for (const [outputPath, field] of fields) {
        if (named === undefined) parts.push({ node: from, path: splitPath(outputPath) });
        for (const name of named ?? []) {
          const [head, ...path] = splitPath(name);
          if (head === field) parts.push({ node: from, path: [...splitPath(outputPath), ...path] });
        }
      }
    }
    return parts;
  }

  /**
   * An effect is given `parts`: it may change those objects and what they hold, and a grown
   * container's copy becomes the run's one. Each part is walked once per build (marks only grow);
   * the nodes whose value may hold a newly marked node's then work out `below` again.
   */
  private markChanged(parts: readonly Part[]): void {
    const marked: number[] = [];
    this.walkGiven(parts, (part, holder) => {
      const key = `${part.node}:${part.path.join(".")}`;
      const via = holder && { from: this.drafts[holder.node]!.node.id, path: holder.path.join(".") };
      const mark = this.marked.get(key);
      if (mark !== undefined) {
        // Reached another way as well: only its own value says whether it may have changed.
        const was = mark.part.via;
        if (was !== undefined && (via === undefined || via.from !== was.from || via.path !== was.path)) mark.part.via = undefined;
        return false;
      }
      const made: Mark = { parts: part.path, part: { from: this.drafts[part.node]!.node.id, path: part.path.join("."), ...(via && { via }) } };
      this.marked.set(key, made);
      (this.changed.get(part.node) ?? this.changed.set(part.node, []).get(part.node)!).push(made);
      marked.push(part.node);
      const packing = this.packings.get(part.node);
      if (packing !== undefined && part.path.length === 0) {
        if (!packing.taken) this.taken.push(packing.container);
        packing.taken = true;
        // Later reads read it, unless they read a later one already (what a `push` node made of it).
        const current = this.packedAs.get(packing.container);
        if (!(current?.taken && current.node > packing.node)) this.packedAs.set(packing.container, packing);
      }
      return true;
    });
    if (marked.length > 0) this.refresh(marked);
  }

  /** Visits what an effect given `parts` reaches: each part, then (when `enter` says so) what it holds, with the part that holds it. */
  private walkGiven(parts: readonly Part[], enter: (part: Part, holder: Part | undefined) => boolean): void {
    const walk = (part: Part, holder: Part | undefined): void => {
      if (enter(part, holder)) for (const held of this.heldParts(part.node, part.path)) walk(held, part);
    };
    for (const part of parts) walk(part, undefined);
  }

  /**
   * Before an effect given `parts`: the field reads of what it reaches that the structure took
   * earlier (`const text = d.answer`) read there, in a node of their own before it, as eager read
   * them then; later nodes read that node. (A read of an object still sees what the effect does to
   * it: the node hands on the object itself.)
   */
  private snapshotReads(parts: readonly Part[]): void {
    const seen = new Set<string>();
    this.walkGiven(parts, (part) => {
      const key = `${part.node}:${part.path.join(".")}`;
      if (seen.has(key)) return false;
      seen.add(key);
      const refs = this.fieldReadsBy().get(part.node);
      if (refs === undefined) return true;
      const kept: Ref[] = [];
      for (const ref of refs) {
        const target = ref.target as Part;
        if (!overlaps(target.path, part.path)) {
          kept.push(ref);
          continue;
        }
        const read = this.addNode({ kind: "compute", id: this.currentPrefix + "read", label: "read", fn: (value: unknown) => value }, [new Ref(this, { node: target.node, path: target.path })], "array");
        ref.retarget(read.target);
      }
      this.fieldReadsBy().set(part.node, kept);
      return true;
    });
  }

  /**
   * A field read of what an effect of a call started without `await` was given, taken before eager's
   * code awaits the call (`const first = items[0]` while a ranker sorts `items`): a field edge would
   * be read where its consumer runs, after the effect changed it, so it reads in a node of its own
   * here, as eager's read is taken while the call still runs. True when it did.
   */
  private readWhileRunning(ref: Ref): boolean {
    const target = ref.target as Part;
    // What the read reaches: the part itself, and what a packing node holds there (`bag.items`).
    const reads: Part[] = [];
    this.walkGiven([target], (part) => (reads.push(part), true));
    const reaching: Part[][] = [];
    for (const parts of this.runningGiven.values()) {
      let reached = false;
      this.walkGiven(parts, (part) => {
        reached ||= reads.some((read) => part.node === read.node && overlaps(read.path, part.path));
        return !reached;
      });
      if (reached) reaching.push(parts);
    }
    if (reaching.length === 0) return false;
    const read = this.addNode({ kind: "compute", id: this.currentPrefix + "read", label: "read", fn: (value: unknown) => value }, [new Ref(this, { node: target.node, path: target.path })], "array");
    ref.retarget(read.target);
    // What it read may be an object the call holds (`req.items`): a read of a part of it
    // (`req.items[0]`) is one of what the call was given too.
    for (const parts of reaching) parts.push(read.target as Part);
    return true;
  }

  /** The field reads taken so far, by the node they read: one list until an effect first asks (most graphs have none). */
  private fieldReadsBy(): Map<number, Ref[]> {
    if (this.fieldReads instanceof Map) return this.fieldReads;
    const by = new Map<number, Ref[]>();
    for (const ref of this.fieldReads) {
      const node = (ref.target as Part).node;
      const refs = by.get(node);
      if (refs === undefined) by.set(node, [ref]);
      else refs.push(ref);
    }
    return (this.fieldReads = by);
  }

  /** @internal A field read the structure took (`ref.get(path)`), which an effect after it may need to read first (`snapshotReads`). */
  noteFieldRead(ref: Ref): void {
    if (this.runningGiven.size > 0 && this.readWhileRunning(ref)) return;
    if (!(this.fieldReads instanceof Map)) {
      this.fieldReads.push(ref);
      return;
    }
    const node = (ref.target as Part).node;
    const refs = this.fieldReads.get(node);
    if (refs === undefined) this.fieldReads.set(node, [ref]);
    else refs.push(ref);
  }

  /** Works out `below` again for every node whose value may hold one of `nodes`', in program order (each from its producers'). */
  private refresh(nodes: readonly number[]): void {
    // Who reads whom is needed only once an effect was given something: made then, kept from then on.
    if (this.consumers === undefined) {
      const consumers: number[][] = (this.consumers = []);
      this.drafts.forEach((draft, index) => draft.sources.forEach((_, from) => (consumers[from] ??= []).push(index)));
    }
    const consumers = this.consumers;
    const affected = new Set<number>();
    const stack = [...nodes];
    while (stack.length > 0) {
      for (const next of consumers[stack.pop()!] ?? []) {
        if (affected.has(next)) continue;
        affected.add(next);
        stack.push(next);
      }
    }
    for (const node of [...affected].sort((a, b) => a - b)) if (this.holdsReads(node)) this.below[node] = this.heldBy(this.drafts[node]!);
  }

  /** Whether a node's value may hold what it read (`heldParts`): all but a pure operator's result. */
  private holdsReads(node: number): boolean {
    const built = this.drafts[node]!.node;
    return built.kind !== "call" || isBoundaryCheck(built.op) || hasEffects(built.op!);
  }

  private isPacking(node: number): boolean {
    const built = this.drafts[node]!.node;
    return built.kind === "compute" && built.fn === undefined;
  }

  /** The changed parts `part` may hold, into `out`: marks on its own node overlapping its path, and what the node holds. */
  private reach(part: Part, out: Map<string, ChangedPart>): void {
    for (const mark of this.changed.get(part.node) ?? []) if (overlaps(mark.parts, part.path)) out.set(`${mark.part.from}:${mark.part.path}`, mark.part);
    if (this.isPacking(part.node)) {
      for (const held of this.heldParts(part.node, part.path)) this.reach(held, out);
      return;
    }
    for (const changed of this.below[part.node] ?? []) out.set(`${changed.from}:${changed.path}`, changed);
  }

  /** The changed parts what `draft` read may hold, whatever part of its value is read (`below`, for a node that does not pack). */
  private heldBy(draft: NodeDraft): readonly ChangedPart[] | undefined {
    const out = new Map<string, ChangedPart>();
    for (const part of this.partsRead(draft)) this.reach(part, out);
    return out.size === 0 ? undefined : [...out.values()];
  }


  toGraph(): Graph {
    if (this.started.size > 0) this.nameJoins();
    const edges: GraphEdge[] = [];
    for (const draft of this.drafts) {
      for (const [from, fields] of draft.sources) edges.push({ from: this.drafts[from]!.node.id, to: draft.node.id, fields });
    }
    const output = this.outputNode === undefined ? "" : this.drafts[this.outputNode]!.node.id;
    return new Graph({ nodes: this.drafts.map((draft) => draft.node), edges, output });
  }

  /** A whole input: a call's `args` given as one ref, or a value that unwraps to fields. */
  private wireWhole(draft: NodeDraft, input: Value): void {
    const value = unwrapView(input);
    if (isPlainStructure(value)) {
      if (Array.isArray(value)) draft.node.shape = "array";
      draft.node.constants = Array.isArray(value) ? [] : {};
      this.wireFields(draft, value);
    } else {
      this.wireField(draft, "", value);
    }
  }

  private wireFields(draft: NodeDraft, fields: Record<string, Value> | Value[]): void {
    const entries = Array.isArray(fields) ? fields.map((v, i) => [String(i), v] as const) : Object.entries(fields);
    for (const [field, value] of entries) this.wireField(draft, field, value);
  }

  /** One input field: an edge from the node a ref points at, a packed structure, or a constant. */
  private wireField(draft: NodeDraft, field: string, value: Value): void {
    draft.node.fieldOrder.push(field);
    const source = this.resolve(unwrapView(value));
    if (source) {
      const fields = draft.sources.get(source.node) ?? [];
      fields.push([source.path.join("."), field]);
      draft.sources.set(source.node, fields);
    } else {
      (draft.node.constants as Record<string, unknown>)[field] = constantOf(value);
    }
  }

  /** Where a value comes from at run time, or undefined for a constant. */
  private resolve(value: Value): { node: number; path: readonly string[] } | undefined {
    if (value instanceof Ref) {
      if (value.owner !== this) throw new Error("a Ref from another graph was used; refs belong to the GraphBuilder that made them");
      return value.target as { node: number; path: readonly string[] };
    }
    if (!holdsRef(value)) return undefined;
    // Packed as `g.list`/`g.object` pack: remembered, so once an effect was given this copy, later
    // reads of the same array or object (nested in a literal, or read again) read the run's one.
    return this.pack(value as unknown[] | Record<string, unknown>).target as { node: number; path: readonly string[] };
  }
}

/** An array's elements, or an object's keys and values, in order. */
function entriesOf(container: object): unknown[] {
  return Array.isArray(container) ? container.slice() : Object.entries(container).flat();
}

/** Whether two lists hold the same values, by identity, in order. */
function sameItems(now: readonly unknown[], before: readonly unknown[]): boolean {
  return now.length === before.length && now.every((v, i) => v === before[i]);
}

/** The host code of `awaitValue`'s node. */
async function awaitHeld({ value }: { value: unknown }): Promise<{ value: unknown }> {
  return { value: await value };
}

/** The host code of `settleAll`'s node for a whole list host code defined. */
async function awaitAllHeld({ value }: { value: unknown }): Promise<{ value: unknown }> {
  return { value: await Promise.all(value as Iterable<unknown>) };
}

/** The member passed an `await`: of something that took time (`waited`), or that settled within the moment. */
function passAwait(passed: Steps, waited: boolean): void {
  passed.awaits++;
  if (waited) passed.step++;
}

/** A view ref stands for its value; a view over a view, likewise. */
function unwrapView(value: Value): Value {
  while (value instanceof Ref && "view" in value.target) value = value.target.view;
  return value;
}
