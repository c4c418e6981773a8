import { splitPath, type Graph, type GraphNode, type GroupScope } from "../graph/index.js";
import { isAsyncFunction } from "../async-function.js";
import { hasEffects } from "../operator.js";

/** Node kinds as small integers, so the per-node path switches on numbers. */
export const INPUT = 0;
export const CALL = 1;
export const COMPUTE = 2;
export const HOST = 3;
export const OUTPUT = 4;
const kindCodes = { input: INPUT, call: CALL, compute: COMPUTE, host: HOST, output: OUTPUT } as const;

/** One input field of a node: read `path` of node `from`'s value into `field` (`""`: the whole input). */
/** A part an earlier effect may have changed (`GraphNode.mayBeChanged`), by node index. */
export interface ChangedRead {
  readonly from: number;
  readonly path: readonly string[];
  readonly via: { readonly from: number; readonly path: readonly string[] } | undefined;
}

export interface Fill {
  readonly from: number;
  readonly path: readonly string[];
  readonly field: string | number;
}

/**
 * A graph compiled for running: integer-indexed arrays in program order, computed once per graph
 * and shared by every run, never written after. What runs measure is in `cost-profile.ts`.
 */
export interface ExecutionPlan {
  readonly graph: Graph;
  readonly size: number;
  readonly nodes: readonly GraphNode[];
  readonly kinds: Uint8Array;
  /** 1 for host nodes and effectful calls: they start only once every earlier node succeeded. */
  readonly ordered: Uint8Array;
  /** Per node, the parts an earlier effect may have changed that it reads (`GraphNode.mayBeChanged`); undefined when no node has any. */
  readonly changedParts: readonly (readonly ChangedRead[] | undefined)[] | undefined;
  readonly fills: readonly (readonly Fill[])[];
  /** The constant part of each input (copied per run), or undefined when the input is one whole value. */
  readonly templates: readonly (Record<string, unknown> | unknown[] | undefined)[];
  /** Distinct producers of each node (a plain array: runs copy it, and copying one is cheaper than a typed array). */
  readonly dependencyCount: readonly number[];
  /** All zeroes, copied by each run as its node states. */
  readonly zeroes: readonly number[];
  /** Distinct consumers of each node. */
  readonly successors: readonly Int32Array[];
  /** Calls and host nodes on the longest path from each node to the end, the node included. */
  readonly rank: Int32Array;
  /**
   * Priority of a ready node waiting for a slot in a bounded run: `rank`, but a call never below
   * one its moment starts after it, up to the moment's last effect, and a member of a moment that
   * reads what an effect of it was given above that effect (`slotRanks`).
   */
  readonly slotRank: Int32Array;
  /** Calls and host nodes on the longest path: the critical path. */
  readonly criticalPath: number;
  /** Most calls and host nodes at one dependency level: 1 means the graph is a chain. */
  readonly width: number;
  /** Number of call nodes: a bound at or above it bounds nothing. */
  readonly callCount: number;
  readonly inputIndex: number;
  readonly outputIndex: number;
  /**
   * Where each node's unit of program order starts: the first node of its await group (the calls
   * one `Promise.all` awaits together), else the node itself. Failures compare by unit: an earlier
   * unit's wins; within a group, the first in time.
   */
  readonly unitStart: Int32Array;
  /** One past the last node of the top-level unit starting at each unit start. */
  readonly unitEnd: Int32Array;
  /**
   * For a call started without `await` (`GraphNode.joinedBefore`), the index of the node eager's
   * code awaits it before (the graph's size when it never does): the prefix of program order may
   * pass it once it runs, and only the nodes from there on wait for it to end. `undefined` when
   * no node is started so.
   */
  readonly joinAt: Int32Array | undefined;
  /**
   * The order `sequential` runs the nodes in: program order, but a node that reads what an effect
   * of its moment was given runs before that effect once all it reads is there (eager's reads it
   * when the moment starts them all). `undefined`: program order.
   */
  readonly sequentialOrder: Int32Array | undefined;
  /**
   * Nodes inside a group member that is an inlined operator (`GraphNode.scope`): their nesting,
   * outermost level first, three numbers a level — the start of the level's group, the first node
   * of the member holding the node (-1: at this level the node is a member by itself), and the
   * unit of that member holding the node (a nested group's start, or the node itself). A member
   * runs its units in order, as eager runs the inlined operator's steps. Undefined for other nodes.
   */
  readonly levels: readonly (Int32Array | undefined)[];
  /** One past the last node of the member starting at each member's first node. */
  readonly memberEnd: Int32Array;
  /**
   * 1 for a node with a later step in a member holding it, at some level (`levels`): eager's member
   * goes on after it when the group around it rejects, so a failure there leaves it running
   * (`ParallelRun.finishWithFailure`). `undefined` when no node is in a member with steps.
   */
  readonly continuesMember: Uint8Array | undefined;
  /**
   * The order in which calls and host nodes that become ready at one moment start (`startOrder`):
   * program order, except that within an await group what eager runs when the group starts (every
   * member's code up to its first await) comes before any member's code after an await.
   */
  readonly startRank: Int32Array;
  /**
   * Host nodes emitted `async` that a group runs when it starts (no wait for a call before them,
   * `GraphNode.step`), by the group's start: whether their `await`s wait for a call or only for
   * microtasks is not known, and in the second case eager runs their code after each `await` when
   * the group starts, before any member's code after a wait for a call (`waitsForHosts`).
   */
  readonly startHosts: ReadonlyMap<number, readonly number[]>;
  /**
   * 1 for an ordered node of a group that `startHosts` holds, after a wait for a call: ready while
   * one of those hosts still runs, it is held to the end of the turn, when a host whose awaits took
   * no time has finished.
   */
  readonly waitsForHosts: Uint8Array;
  /**
   * Some await group holds two or more calls or host nodes: which of them fails first *in time*
   * is what eager raises, so only running them together keeps the outcome; or a call is started
   * without `await` (`joinAt`), and eager's code runs while it does. `auto` never runs such a
   * graph one call at a time.
   */
  readonly racing: boolean;
}

const plans = new WeakMap<Graph, ExecutionPlan>();

export function planFor(graph: Graph): ExecutionPlan {
  let plan = plans.get(graph);
  if (!plan) plans.set(graph, (plan = compilePlan(graph)));
  return plan;
}

export function isAsyncKind(kind: number): boolean {
  return kind === CALL || kind === HOST;
}

function compilePlan(graph: Graph): ExecutionPlan {
  const nodes = graph.nodes;
  const size = nodes.length;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const kinds = new Uint8Array(size);
  const ordered = new Uint8Array(size);
  nodes.forEach((n, i) => {
    kinds[i] = kindCodes[n.kind];
    ordered[i] = n.kind === "host" || (n.kind === "call" && hasEffects(n.op!)) ? 1 : 0;
  });
  const fills: Fill[][] = nodes.map(() => []);
  const producers: number[][] = nodes.map(() => []);
  // Few distinct paths (`answer`, `query`) recur on every edge: split each once, share the arrays.
  const paths = new Map<string, readonly string[]>();
  for (const edge of graph.edges) {
    const from = index.get(edge.from)!;
    const to = index.get(edge.to)!;
    producers[to]!.push(from);
    const arrayShaped = nodes[to]!.shape === "array";
    for (const [outputPath, inputField] of edge.fields) {
      const field = arrayShaped && inputField !== "" ? Number(inputField) : inputField;
      fills[to]!.push({ from, path: paths.get(outputPath) ?? paths.set(outputPath, splitPath(outputPath)).get(outputPath)!, field });
    }
  }
  producers.forEach(sortUnique);
  // Visiting consumers in order fills each successor list already sorted.
  const consumers: number[][] = nodes.map(() => []);
  producers.forEach((list, to) => list.forEach((from) => consumers[from]!.push(to)));
  const unitStart = unitStarts(nodes);
  const { rank, width, criticalPath } = measureShape(kinds, producers, consumers);
  const starts = startOrder(nodes, unitStart, ordered);
  const changedParts = nodes.some((n) => n.mayBeChanged !== undefined)
    ? nodes.map((n) => n.mayBeChanged?.map((part) => ({
        from: index.get(part.from)!,
        path: splitPath(part.path),
        via: part.via && { from: index.get(part.via.from)!, path: splitPath(part.via.path) },
      })))
    : undefined;
  const { levels, memberEnd } = nesting(nodes, unitStart);
  return {
    graph, size, nodes, kinds, ordered, changedParts, fills, rank, width, criticalPath,
    slotRank: slotRanks(rank, ordered, kinds, unitStart, starts.startRank, (j) => startsWithMoment(j, nodes, changedParts, levels), (i, j) => inMomentOf(i, j, unitStart, levels)),
    templates: nodes.map((node, i) => templateOf(node, fills[i]!)),
    dependencyCount: producers.map((list) => list.length),
    zeroes: nodes.map(() => 0),
    successors: consumers.map((list) => Int32Array.from(list)),
    callCount: kinds.reduce((count, kind) => count + (kind === CALL ? 1 : 0), 0),
    inputIndex: graph.input === undefined ? -1 : index.get(graph.input)!,
    outputIndex: index.get(graph.output)!,
    unitStart,
    unitEnd: unitEnds(unitStart),
    joinAt: nodes.some((n) => n.joinedBefore !== undefined)
      ? Int32Array.from(nodes, (n) => (n.joinedBefore === undefined ? -1 : n.joinedBefore === null ? size : index.get(n.joinedBefore)!))
      : undefined,
    sequentialOrder: changedParts || (levels.some((l) => l !== undefined) && nodes.some(syncHostAtStart))
      ? sequentialOrder(size, nodes, ordered, unitStart, changedParts, fills, levels)
      : undefined,
    levels,
    memberEnd,
    continuesMember: continuing(levels),
    ...starts,
    racing: hasRace(kinds, unitStart) || nodes.some((n) => n.joinedBefore !== undefined),
  };
}

/** Whether some unit (await group) holds two or more calls or host nodes. */
function hasRace(kinds: Uint8Array, unitStart: Int32Array): boolean {
  const asyncInUnit = new Map<number, number>();
  for (let i = 0; i < kinds.length; i++) {
    if (!isAsyncKind(kinds[i]!)) continue;
    const count = (asyncInUnit.get(unitStart[i]!) ?? 0) + 1;
    if (count > 1) return true;
    asyncInUnit.set(unitStart[i]!, count);
  }
  return false;
}

/** Group members are contiguous in program order (validation checks it), so a group's start is its first member. */
function unitStarts(nodes: readonly GraphNode[]): Int32Array {
  const starts = new Int32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const group = nodes[i]!.group;
    starts[i] = group !== undefined && i > 0 && nodes[i - 1]!.group === group ? starts[i - 1]! : i;
  }
  return starts;
}

function sequentialOrder(
  size: number, nodes: readonly GraphNode[], ordered: Uint8Array, unitStart: Int32Array, changedParts: readonly (readonly ChangedRead[] | undefined)[] | undefined,
  fills: readonly (readonly Fill[])[], levels: readonly (Int32Array | undefined)[],
): Int32Array | undefined {
  const order: number[] = [];
  let moved = false;
  const placed = new Uint8Array(size);
  const place = (i: number) => {
    order.push(i);
    placed[i] = 1;
  };
  for (let i = 0; i < size; i++) {
    if (placed[i] === 1) continue;
    // A member's step after one of its awaits: eager's group has run every other member's code up
    // to its first await by then, host code among it, which may change what this step reads (a
    // nested operator trimming the request in place, beside one reading it after its call), and
    // started the calls there: a pure one whose member's code before it changes nothing comes
    // first too (under a bound of one, eager's later step waits for the slot behind it; a read of
    // state before it reads then, before this step's effect).
    if ((nodes[i]!.awaits ?? 0) > 0) {
      for (let j = i + 1; j < size && unitStart[j] === unitStart[i]; j++) {
        const call = ordered[j] === 0 && callAtStart(nodes[j]!);
        if (placed[j] === 1 || !(syncHostAtStart(nodes[j]!) || call)) continue;
        // In a group nested at the very start of another member (no await before it at any level),
        // it runs when the top-level group starts too.
        const inMoment = inMomentOf(i, j, unitStart, levels);
        const fromTop = !inMoment && sumOver(nodes[j]!, "awaits") === 0 && memberAt(i, 0, levels) !== memberAt(j, 0, levels);
        if (!inMoment && !fromTop) continue;
        const prefix = syncPrefix(j, nodes, fills, levels, placed, fromTop ? 1 : innermostMember(levels, j));
        if (prefix === undefined || (call && !prefix.every((k) => changesNothing(nodes[k]!, ordered[k]!)))) continue;
        if (!readsPlaced(prefix, fills, placed)) continue;
        prefix.forEach(place);
        moved = true;
      }
    }
    // A pure call at its member's start: eager's group starts it, then runs the other members' code
    // up to their first await, before it answers (a guard there throws first); one at a time, it
    // would answer first. Such host code goes before it when it changes nothing it reads, and no
    // effect lies between (it would come before that effect too).
    if (ordered[i] === 0 && nodes[i]!.kind === "call" && nodes[i]!.group !== undefined && (nodes[i]!.awaits ?? 0) === 0) {
      for (let j = i + 1; j < size && unitStart[j] === unitStart[i]; j++) {
        if (placed[j] === 1 || ordered[j] === 0) continue;
        const node = nodes[j]!;
        if (!syncHostAtStart(node) || node.changesWhatItReads === true || !inMomentOf(i, j, unitStart, levels)) break;
        const prefix = syncPrefix(j, nodes, fills, levels, placed, innermostMember(levels, j));
        if (prefix === undefined || prefix.some((k) => nodes[k]!.kind === "call" || (nodes[k]!.kind === "host" && nodes[k]!.changesWhatItReads === true))) break;
        if (!readsPlaced(prefix, fills, placed)) break;
        prefix.forEach(place);
        moved = true;
      }
    }
    // Before a call declaring effects, whose changes come once it answers; not before host code,
    // whose code up to its first await runs when the moment starts it, before what comes after.
    // With what its member runs before it, which eager has run by then too (a guard that throws
    // makes no call), when that changes nothing: pure calls and computations, reads of state.
    if (ordered[i] === 1 && nodes[i]!.kind === "call") {
      for (let j = i + 1; j < size && unitStart[j] === unitStart[i]; j++) {
        if (placed[j] === 1 || !startsWithMoment(j, nodes, changedParts, levels) || !inMomentOf(i, j, unitStart, levels)) continue;
        const prefix = syncPrefix(j, nodes, fills, levels, placed, innermostMember(levels, j));
        if (prefix === undefined || !prefix.every((k) => k === j || changesNothing(nodes[k]!, ordered[k]!))) continue;
        if (!readsPlaced(prefix, fills, placed)) continue;
        prefix.forEach(place);
        moved = true;
      }
    }
    place(i);
  }
  return moved ? Int32Array.from(order) : undefined;
}

/**
 * Whether a node is host code of a group that runs to its end at once, before its member's first
 * await (in eager, when its moment starts): a member by itself (`req.query = …` after a call
 * started without `await`), or in a member's code.
 */
function syncHostAtStart(node: GraphNode): boolean {
  return node.kind === "host" && node.group !== undefined && (node.awaits ?? 0) === 0 && !isAsyncFunction(node.fn);
}

/** A call of a group member before any await of its member: eager starts it when the group starts. */
function callAtStart(node: GraphNode): boolean {
  return node.kind === "call" && node.group !== undefined && (node.awaits ?? 0) === 0;
}

/**
 * The nodes of `j`'s member up to `j` not placed yet, when none is host code that awaits: what
 * eager's member runs up to `j` when its moment starts (the calls among them it starts, not
 * awaited: `j` has passed no await). The member is the one at `memberSlot` of `j`'s `levels` (its
 * innermost, or its top-level one when `j` starts with the top-level group's moment). Otherwise
 * undefined.
 */
function syncPrefix(
  j: number, nodes: readonly GraphNode[], fills: readonly (readonly Fill[])[], levels: readonly (Int32Array | undefined)[], placed: Uint8Array, memberSlot: number,
): number[] | undefined {
  const lj = levels[j];
  // A member by itself at that level: what it computes for itself, as eager's starts it.
  if (lj === undefined || lj[memberSlot]! < 0) return [...argumentsOf(j, nodes, fills, placed), j];
  const prefix: number[] = [];
  for (let k = lj[memberSlot]!; k <= j; k++) {
    if (placed[k] === 1) continue;
    const node = nodes[k]!;
    if (node.kind === "host" && isAsyncFunction(node.fn)) return undefined;
    prefix.push(k);
  }
  return prefix;
}

/**
 * The computations and reads of state node `j` reads, directly or through others, not placed yet,
 * in program order: what eager's code evaluates for a member by itself as it starts it.
 */
function argumentsOf(j: number, nodes: readonly GraphNode[], fills: readonly (readonly Fill[])[], placed: Uint8Array): number[] {
  const found = new Set<number>();
  const visit = (k: number): void => {
    for (const { from } of fills[k]!) {
      if (placed[from] === 1 || found.has(from) || (nodes[from]!.kind !== "compute" && nodes[from]!.readsState !== true)) continue;
      found.add(from);
      visit(from);
    }
  };
  visit(j);
  return [...found].sort((a, b) => a - b);
}

/** Where in `levels[j]` the member of `j`'s innermost group holding it is (`syncPrefix`'s `memberSlot`). */
function innermostMember(levels: readonly (Int32Array | undefined)[], j: number): number {
  return levels[j] === undefined ? 0 : levels[j]!.length - 2;
}

/** Whether each node of `prefix` reads only what is placed, or what comes before it in `prefix`. */
function readsPlaced(prefix: readonly number[], fills: readonly (readonly Fill[])[], placed: Uint8Array): boolean {
  return prefix.every((k) => fills[k]!.every((f) => placed[f.from] === 1 || (prefix.includes(f.from) && f.from < k)));
}

/** A node that changes nothing when it runs: a pure call or computation, a read of state. */
function changesNothing(node: GraphNode, ordered: number): boolean {
  return node.kind === "host" ? node.readsState === true : ordered === 0;
}

/**
 * Whether node `j` reads what an effect was given (or state on an operator, which an effect may
 * change) and starts when its moment does: a member of its
 * innermost group by itself, or what a member's code makes before its first `await` (a step after
 * one comes after the member's awaits, and may come after an effect in its own code). Its moment is
 * that group's start: the top-level group's, or that of a group nested in a member (`levels`).
 */
function startsWithMoment(
  j: number, nodes: readonly GraphNode[], changedParts: readonly (readonly ChangedRead[] | undefined)[] | undefined, levels: readonly (Int32Array | undefined)[],
): boolean {
  if (changedParts?.[j] === undefined && nodes[j]!.readsState !== true) return false;
  const level = levels[j];
  return level === undefined || level[level.length - 2] === -1 || (nodes[j]!.awaits ?? 0) === 0;
}

/**
 * Whether node `i` is in the innermost group of node `j` (the group whose moment `j` starts with)
 * and not in `j`'s own member, whose code before `j` eager runs before it.
 */
function inMomentOf(i: number, j: number, unitStart: Int32Array, levels: readonly (Int32Array | undefined)[]): boolean {
  const lj = levels[j];
  if (lj === undefined) return unitStart[i] === unitStart[j];
  const at = lj.length - 3;
  return inGroupAt(i, j, at, unitStart, levels) && (lj[at + 1] === -1 || memberAt(i, at, levels) !== lj[at + 1]);
}

/**
 * Whether node `i` is in the group at level `k` (a multiple of 3) of node `j`'s `levels`. A group is
 * known by its depth and its first node; the top-level one by its unit (a lone member of it has no
 * levels).
 */
export function inGroupAt(i: number, j: number, k: number, unitStart: Int32Array, levels: readonly (Int32Array | undefined)[]): boolean {
  if (k === 0) return unitStart[i] === unitStart[j];
  const li = levels[i];
  return li !== undefined && li.length > k && li[k] === levels[j]![k];
}

/** The member (its first node, `-1` for a lone one) node `i` is in at level `k` of its `levels`. */
export function memberAt(i: number, k: number, levels: readonly (Int32Array | undefined)[]): number {
  const li = levels[i];
  return li === undefined || li.length <= k ? -1 : li[k + 1]!;
}

function unitEnds(unitStart: Int32Array): Int32Array {
  const ends = new Int32Array(unitStart.length);
  for (let i = 0; i < unitStart.length; i++) ends[unitStart[i]!] = i + 1;
  return ends;
}

/**
 * `levels` and `memberEnd` from the nodes' scopes. Groups and members are contiguous in program
 * order, so a nested group starts at its first node (all of its nodes have scopes).
 */
function nesting(nodes: readonly GraphNode[], unitStart: Int32Array): { levels: (Int32Array | undefined)[]; memberEnd: Int32Array } {
  const groupStart = new Map<number, number>();
  const memberEnd = new Int32Array(nodes.length);
  const chains = nodes.map((node, i) => {
    const chain: GroupScope[] = [];
    for (let s = node.scope; s !== undefined; s = s.outer) chain.unshift(s);
    for (const level of chain) {
      if (!groupStart.has(level.group)) groupStart.set(level.group, i);
      if (level.member >= 0) memberEnd[level.member] = i + 1;
    }
    return chain;
  });
  const levels = chains.map((chain, i) => {
    if (chain.length === 0) return undefined;
    const out = new Int32Array(chain.length * 3);
    chain.forEach((level, j) => {
      // A top-level group may start with lone members, which have no scope.
      out[3 * j] = j === 0 ? unitStart[i]! : groupStart.get(level.group)!;
      out[3 * j + 1] = level.member;
      out[3 * j + 2] = j + 1 < chain.length ? groupStart.get(chain[j + 1]!.group)! : i;
    });
    return out;
  });
  return { levels, memberEnd };
}

/**
 * Whether node `i`, left going by a failure, is a pure call no later step of its member reads:
 * nothing ever reads its answer once its group failed, so it is not made (a failing run may skip
 * calls eager made; these cost money and show nothing).
 */
export function unreadAfterFailure(plan: ExecutionPlan, i: number): boolean {
  return plan.kinds[i] === CALL && plan.ordered[i] === 0 && plan.continuesMember?.[i] !== 1;
}

/** `continuesMember`: a member's units are its steps, in program order, so its last one starts last. */
function continuing(levels: readonly (Int32Array | undefined)[]): Uint8Array | undefined {
  const lastUnit = new Map<number, number>();
  for (const l of levels) {
    if (l === undefined) continue;
    for (let k = 0; k < l.length; k += 3) if (l[k + 1]! >= 0) lastUnit.set(l[k + 1]!, Math.max(lastUnit.get(l[k + 1]!) ?? -1, l[k + 2]!));
  }
  if (lastUnit.size === 0) return undefined;
  const out = new Uint8Array(levels.length);
  levels.forEach((l, i) => {
    for (let k = 0; l !== undefined && k < l.length; k += 3) if (l[k + 1]! >= 0 && l[k + 2]! < lastUnit.get(l[k + 1]!)!) out[i] = 1;
  });
  return out.includes(1) ? out : undefined;
}

/**
 * `startRank`, `startHosts` and `waitsForHosts`. In a group, a member whose pure calls started early
 * can have code after its awaits ready when the group starts; eager runs every member up to its
 * first wait for a call, and what follows awaits that settle within the moment, before any call the
 * group started can settle (a sibling's call in the array literal always comes before a member's
 * log after an awaited call). A node's place: how often eager's code has waited for a call since
 * the top-level group started (`GraphNode.step` and `GroupScope.step` summed over the levels of
 * nesting), fewer first; then every await passed, those that settle within the moment included
 * (`awaits`, summed likewise), as eager's code of one moment runs in the order of the microtask
 * rounds it waited; then program order. Nodes of different top-level units keep program order.
 * Past one wait for a call, any order of the members' code is one some latencies give eager.
 */
function startOrder(nodes: readonly GraphNode[], unitStart: Int32Array, ordered: Uint8Array) {
  const rank = Int32Array.from(nodes, (_, i) => i);
  const waitsForHosts = new Uint8Array(nodes.length);
  const startHosts = new Map<number, number[]>();
  const steps = nodes.map((node) => sumOver(node, "step"));
  const awaits = nodes.map((node) => sumOver(node, "awaits"));
  nodes.forEach((node, i) => {
    if (node.group === undefined || steps[i]! > 0 || node.kind !== "host" || !isAsyncFunction(node.fn)) return;
    (startHosts.get(unitStart[i]!) ?? startHosts.set(unitStart[i]!, []).get(unitStart[i]!)!).push(i);
  });
  nodes.forEach((_, i) => {
    if (ordered[i] === 1 && steps[i]! > 0 && startHosts.has(unitStart[i]!)) waitsForHosts[i] = 1;
  });
  if (awaits.some((n) => n > 0)) {
    const order = Array.from(rank).sort((a, b) => unitStart[a]! - unitStart[b]! || steps[a]! - steps[b]! || awaits[a]! - awaits[b]! || a - b);
    order.forEach((node, place) => (rank[node] = place));
  }
  return { startRank: rank, startHosts, waitsForHosts };
}


/** A node's `step` or `awaits` summed over the levels of nesting: since the top-level group started. */
function sumOver(node: GraphNode, count: "step" | "awaits"): number {
  let sum = node[count] ?? 0;
  for (let s = node.scope; s?.outer !== undefined; s = s.outer) sum += s[count] ?? 0;
  return sum;
}

/** Sorts a list of node indexes and drops repeats (two edges between the same pair of nodes). */
function sortUnique(list: number[]): void {
  list.sort((a, b) => a - b);
  let kept = 0;
  for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) list[kept++] = list[k]!;
  list.length = kept;
}

/**
 * Undefined when the input is one whole value (an edge or a constant into field `""`). Object
 * templates hold every field, edge-fed ones as placeholders, in source order: copying the template
 * then gives the input eager's key order.
 */
function templateOf(node: GraphNode, fills: readonly Fill[]): Record<string, unknown> | unknown[] | undefined {
  if (fills.some((f) => f.field === "")) return undefined;
  if (node.shape === "array") return (node.constants as unknown[] | undefined) ?? [];
  const constants = (node.constants ?? {}) as Record<string, unknown>;
  if ("" in constants) return undefined;
  const order = node.fieldOrder ?? [...Object.keys(constants), ...fills.map((f) => String(f.field))];
  const template: Record<string, unknown> = {};
  for (const field of order) template[field] = constants[field];
  return template;
}

/**
 * Slot priorities: a call or host node of a moment that starts before an effect of that moment
 * (same unit, earlier in `startRank`) has at least the priority of the one after it, one more when
 * that one comes earlier in program order (the heap's tie-break). Eager starts a moment's calls in
 * that order, and what an effect changes a call before it must not see, nor the next effect miss
 * (generated programs, seed 5151: two calls of an operator that counts on the object both were
 * given; a model call given the history a wrapper appends to in the same `Promise.all`). Ranked by
 * remaining paths alone, a bound started the one with more calls after it first. Calls after the
 * moment's last effect keep their own priority, but for a call that starts with its moment
 * (`startsWithMoment`: by itself in its innermost group, or before its member's first await) and
 * reads what an effect of that group was given: it starts above that effect (eager's reads it
 * before the effect got anywhere).
 */
function slotRanks(
  rank: Int32Array, ordered: Uint8Array, kinds: Uint8Array, unitStart: Int32Array, startRank: Int32Array, readsChanged: (j: number) => boolean,
  inMomentOf: (i: number, j: number) => boolean,
): Int32Array {
  const slot = rank.slice();
  if (!ordered.includes(1)) return slot;
  const calls: number[] = [];
  for (let i = 0; i < kinds.length; i++) if (isAsyncKind(kinds[i]!)) calls.push(i);
  calls.sort((a, b) => startRank[b]! - startRank[a]!);
  // From each unit's last call back: once past an effect, every earlier call inherits.
  let unit = -1;
  let held = false;
  for (let k = 0; k < calls.length; k++) {
    const i = calls[k]!;
    if (unitStart[i] !== unit) {
      unit = unitStart[i]!;
      held = false;
    } else if (held) {
      const next = calls[k - 1]!;
      slot[i] = Math.max(slot[i]!, slot[next]! + (i > next ? 1 : 0));
    }
    if (ordered[i] === 1) held = true;
  }
  // A call that reads what an effect of its moment was given reads it, in eager, when the moment
  // starts them all, before the effect has got anywhere: it takes its slot before the effects its
  // moment started before it (its innermost group's, earlier in `startRank`). Readers are few; each
  // looks at the calls of its unit.
  for (let k = 0; k < calls.length; k++) {
    const j = calls[k]!;
    if (!readsChanged(j)) continue;
    for (let m = k + 1; m < calls.length && unitStart[calls[m]!] === unitStart[j]; m++) {
      const i = calls[m]!;
      if (ordered[i] === 1 && inMomentOf(i, j)) slot[j] = Math.max(slot[j]!, slot[i]! + 1);
    }
  }
  return slot;
}

/** Remaining-path ranks, width by dependency level, and the critical path, all counted in async nodes. */
function measureShape(kinds: Uint8Array, producers: number[][], consumers: number[][]) {
  const size = kinds.length;
  const weight = (i: number) => (isAsyncKind(kinds[i]!) ? 1 : 0);
  const rank = new Int32Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let longest = 0;
    for (const s of consumers[i]!) longest = Math.max(longest, rank[s]!);
    rank[i] = longest + weight(i);
  }
  const level = new Int32Array(size);
  const perLevel = new Map<number, number>();
  for (let i = 0; i < size; i++) {
    for (const p of producers[i]!) level[i] = Math.max(level[i]!, level[p]! + weight(p));
    if (weight(i)) perLevel.set(level[i]!, (perLevel.get(level[i]!) ?? 0) + 1);
  }
  let width = 0;
  for (const count of perLevel.values()) width = Math.max(width, count);
  return { rank, width, criticalPath: rank.reduce((a, b) => Math.max(a, b), 0) };
}
