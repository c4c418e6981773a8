// The operators and effect sinks every generated program uses, built on test/support: latencies
// are logical ticks and every effect lands in the scenario's CallLog, so eager and compiled runs
// are compared on what happened and in what order, never on wall-clock time.
import type { ForwardContext, Operator, OperatorSpec } from "xcs-jit";
import { validateInput } from "../../runtime/schema/index.js";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, StampingFakeOperator, type Scenario } from "../support/index.js";

/** What every leaf (and every generated class) reads. */
export interface Ask {
  query: string;
  n?: number;
  /** Another input it carries (a constant kept in a local, in generated programs). */
  ctx?: Ask;
}

/**
 * `tally`: changes the input it is given, and its `ctx`, as careless code does: it counts how many
 * times it has been given each object, and the count is what its call records and answers with.
 * Built once with the graph, a constant input would carry the count into the next run. The count
 * is kept where JSON does not look, so what the call log records for other calls given the same
 * object stays what they were given. It declares effects, as an operator that changes its input
 * must for the tracing JIT, whose early calls take deep-equal copies (docs/decisions.md,
 * "Tracing: identity of early results").
 */
class Tally extends EffectfulFakeOperator<Ask, Reply> {
  override forward(inputs: Ask, ctx: ForwardContext): Promise<Reply> {
    const counted = { query: inputs.query, n: count(inputs), ctx: inputs.ctx && { query: inputs.ctx.query, n: count(inputs.ctx) } };
    return super.forward(counted, ctx);
  }
}

/** Adds one to how many times `tally` has been given `input`. */
function count(input: Ask): number {
  const seen = ((input as { [SEEN]?: number })[SEEN] ?? 0) + 1;
  Object.defineProperty(input, SEEN, { value: seen, enumerable: false, writable: true, configurable: true });
  return seen;
}

const SEEN = Symbol("seen");

/** What every leaf (and every generated class) returns. */
export interface Reply {
  answer: string;
  score: number;
}

export type Leaf = Operator<Ask, Reply>;

/**
 * The log module-level effects go to: the latest kit's, or the scenario's whose run starts
 * (`Scenario.enter`). Runs never overlap, so one module-level slot is enough.
 */
let current: CallLog | undefined;

function effect(name: string, text: string): void {
  if (!current) throw new Error(`differential kit: ${name} ran outside a scenario`);
  current.finish(current.begin(name, text, true), "ok", undefined);
}

/** A module log: an effect outside any operator, which must keep its place among the others. */
export function note(text: string): void {
  effect("note", text);
}

/** Looks like an array to the transformer: pushing to it is an effect on a module variable. */
export const journal = { push: (text: string) => effect("journal", text) };

/** The answer spells out what the leaf read, so wrong wiring (or a graph handle read as a value) changes it. */
function leaf(log: CallLog, name: string, latency: number, fail?: (inputs: Ask) => boolean): FakeOperator<Ask, Reply> {
  return new FakeOperator<Ask, Reply>(log, {
    name,
    latency,
    compute: ({ query, n }) => ({ answer: `${name}(${query}${n === undefined ? "" : `,${n}`})`, score: (String(query).length + (n ?? 0)) % 4 }),
    fail: fail && ((inputs) => (fail(inputs) ? new Error(`${name} failed on ${inputs.query}`) : undefined)),
  });
}

/**
 * A Standard Schema that takes any input as it is: `Helper`'s `static spec` when the program draws
 * one. What it changes is timing: eager's `invoke` awaits the check before `forward` starts.
 */
export const ANY_ASK = { "~standard": { version: 1 as const, vendor: "xcs-jit-differential", validate: (value: unknown) => ({ value: value as Ask }) } };

/** What `keep` is given: the operator's memory, and what to add to it. */
export interface Remember {
  memory: string[];
  add: string;
}

/** `extras` variants: absent, present without a reranker, present with one. */
export type ExtrasShape = 0 | 1 | 2;

/** The sub-operators of a generated class; module-level effects go to `log` until another kit or scenario takes over. */
export function makeKit(log: CallLog, extras: ExtrasShape) {
  current = log;
  const members = [leaf(log, "m0", 1), leaf(log, "m1", 3), leaf(log, "m2", 2)];
  return {
    a: leaf(log, "a", 2) as Leaf,
    b: leaf(log, "b", 1) as Leaf,
    // Fails on some inputs only, quickly; `fail` always fails, slowly: failures race differently.
    flaky: leaf(log, "flaky", 1, ({ query }) => String(query).length % 3 === 0) as Leaf,
    fail: leaf(log, "fail", 3, () => true) as Leaf,
    tally: new Tally(log, { name: "tally", latency: 1, compute: ({ query, n, ctx }) => ({ answer: `tally(${query},${n},${ctx?.n ?? "-"})`, score: (n ?? 0) % 4 }) }) as Leaf,
    // Rewrites the query of what it is given when its call ends; later reads of that object see it.
    stamp: new StampingFakeOperator<Ask, Reply>(log, { name: "stamp", latency: 2, compute: ({ query }) => ({ answer: `stamp(${query})`, score: 2 }) }) as Leaf,
    audit: new EffectfulFakeOperator<Ask, Reply>(log, {
      name: "audit",
      compute: ({ query }) => ({ answer: `audit(${query})`, score: 1 }),
    }) as Leaf,
    // Declares effects and keeps what it is given on the memory it is given (the operator's own).
    keep: new EffectfulFakeOperator<Remember, Reply>(log, {
      name: "keep",
      compute: (i) => (i.memory.push(i.add), { answer: `keep(${i.memory.length})`, score: i.memory.length }),
    }) as Operator<Remember, Reply>,
    members: members as Leaf[],
    experts: new Map<string, Leaf>([["law", leaf(log, "law", 2)], ["med", leaf(log, "med", 1)]]),
    byName: { web: leaf(log, "web", 1), wiki: leaf(log, "wiki", 2) } as Record<string, Leaf>,
    extras: (extras === 0 ? undefined : extras === 1 ? {} : { reranker: leaf(log, "reranker", 1) }) as { reranker?: Leaf } | undefined,
  };
}

export type Kit = ReturnType<typeof makeKit>;

const neverAborted = new AbortController().signal;

/**
 * A fresh operator of a generated class on a fresh clock and log, whose runs send `note` to its
 * log. The eager side runs every `forward` as written, the nested structural operator's too: its
 * `invoke` is replaced by one that runs its `forward` (after the input check `invoke` awaits when
 * the class has a `static spec`), not the graph compiled from it.
 */
export function makeScenario(Generated: new (kit: Kit) => Operator<Ask, Reply>, extras: ExtrasShape, eager: boolean): Scenario<Ask> {
  const log = new CallLog(new LogicalClock());
  const op = new Generated(makeKit(log, extras));
  const helper = (op as { helper?: Operator<Ask, Reply> }).helper;
  if (eager && helper) {
    // `forward` as written, with what `invoke` does around it: it awaits the input check of a
    // `static spec`, then `forward`.
    const spec = (helper.constructor as { spec?: OperatorSpec }).spec;
    helper.invoke = async (inputs: Ask) => {
      const input = spec?.input ? ((await validateInput("Helper", spec.input, inputs)) as Ask) : inputs;
      return await helper.forward(input, { signal: neverAborted });
    };
  }
  return { op, log, enter: () => void (current = log) };
}
