/**
 * The execution paths of the cancellation-and-limits contract (docs/internals.md, "Cancellation
 * and limits"), each running the same work: six 2-tick leaf calls that may overlap, then a judge.
 * A path makes a fresh operator per run, so runs never share state or logs.
 */
import {
  autograph,
  execute,
  executionOptions,
  jit,
  Operator,
  pmap,
  structuralJit,
  vmap,
  XCS_STRUCTURE,
  type ExecutionOptions,
  type ForwardContext,
  type GraphBuilder,
  type Ref,
  type RunEvent,
  type RunStream,
} from "xcs-jit";
import { CallLog, FakeOperator, LogicalClock } from "../support/index.js";

export const WIDTH = 6;
export const LATENCY = 2;
export type Query = { query: string };

/** A leaf that sleeps on the clock; with `ignoreSignal`, it never looks at `ctx.signal`. */
export class Leaf extends FakeOperator<Query, { answer: string }> {
  constructor(log: CallLog, name: string, readonly ignoreSignal: boolean) {
    super(log, { name, latency: LATENCY, compute: ({ query }) => ({ answer: `${name}(${query})` }) });
  }
  override forward(inputs: Query, ctx: ForwardContext) {
    return super.forward(inputs, this.ignoreSignal ? { signal: new AbortController().signal } : ctx);
  }
}

/** The members and the judge of one run. */
export class Parts {
  readonly members: Leaf[];
  readonly judge: Leaf;
  constructor(readonly log: CallLog, ignoreSignal: boolean) {
    this.members = Array.from({ length: WIDTH }, (_, i) => new Leaf(log, `m${i}`, ignoreSignal));
    this.judge = new Leaf(log, "judge", ignoreSignal);
  }
}

/** The eager program every path runs: `Promise.all` over the members, then the judge. */
class FanOut extends Operator<Query, { answer: string }> {
  constructor(readonly parts: Parts) {
    super();
  }
  get members() {
    return this.parts.members;
  }
  get judge() {
    return this.parts.judge;
  }
  async forward(inputs: Query) {
    const answers = await Promise.all(this.members.map((m) => m.invoke({ query: inputs.query })));
    return this.judge.invoke({ query: answers.map((a) => a.answer).join(",") });
  }
  /** What the transformer emits for `forward`. */
  static [XCS_STRUCTURE](self: FanOut, g: GraphBuilder, inputs: Ref) {
    const answers = g.all(() => self.members.map((m) => g.call(m, { query: inputs.get("query") })));
    const joined = g.compute((...a: { answer: string }[]) => a.map((x) => x.answer).join(","), answers, "join");
    return g.output(g.call(self.judge, { query: joined }));
  }
}

/** A graph break: the fan-out runs inside a host node (original statements, no options passed). */
class HostFanOut extends FanOut {
  static override [XCS_STRUCTURE](self: HostFanOut, g: GraphBuilder, inputs: Ref) {
    const host = g.host(
      async (reads: { query: string }) => {
        const answers = await Promise.all(self.members.map((m) => m.invoke({ query: reads.query })));
        return { joined: answers.map((a) => a.answer).join(",") };
      },
      { query: inputs.get("query") },
    );
    return g.output(g.call(self.judge, { query: host.get("joined") }));
  }
}

/** The fan-out as a nested operator, written for eager use: with no structure, `jit` traces it. */
class TracedFanOut extends Operator<Query, { joined: string }> {
  constructor(readonly members: Leaf[]) {
    super();
  }
  async forward(inputs: Query) {
    const answers = await Promise.all(this.members.map((m) => m.invoke({ query: inputs.query })));
    return { joined: answers.map((a) => a.answer).join(",") };
  }
}

/** The fan-out as a nested operator that is not inlined (`static effects = true`): a structural run of its own. */
class InnerFanOut extends TracedFanOut {
  static override effects = true;
  static [XCS_STRUCTURE](self: InnerFanOut, g: GraphBuilder, inputs: Ref) {
    const answers = g.all(() => self.members.map((m) => g.call(m, { query: inputs.get("query") })));
    return g.output({ joined: g.compute((...a: { answer: string }[]) => a.map((x) => x.answer).join(","), answers, "join") });
  }
}

class Nested extends Operator<Query, { answer: string }> {
  readonly inner: TracedFanOut;
  constructor(readonly parts: Parts, Inner: typeof TracedFanOut) {
    super();
    this.inner = new Inner(parts.members);
  }
  async forward(inputs: Query) {
    const { joined } = await this.inner.invoke(inputs);
    return this.parts.judge.invoke({ query: joined });
  }
  static [XCS_STRUCTURE](self: Nested, g: GraphBuilder, inputs: Ref) {
    const inner = g.call(self.inner, { query: inputs.get("query") });
    return g.output(g.call(self.parts.judge, { query: inner.get("joined") }));
  }
}

export type Mode = "per-call" | "scoped" | "decorator";

/** One execution path: how to make its operator and run it once with options given one way. */
export interface Path {
  readonly name: string;
  /** Whether a class decorator can carry options on this path. */
  readonly decorated: boolean;
  /** The program's calls may overlap on this path when nothing bounds them. */
  readonly overlaps: boolean;
  /**
   * What a run left running after an abort is reported as: the calls themselves, or the host
   * node whose statements made them (its calls are not nodes of the run). Absent: the path has
   * no stream to report in (`autograph`'s `execute`).
   */
  readonly leftRunning?: "calls" | "host";
  /**
   * Runs once (a replay path first runs once unobserved, so the observed run replays). With
   * `events`, through `op.stream`, collecting its events (`autograph`'s `execute` has no stream).
   */
  run(parts: Parts, options: ExecutionOptions, mode: Mode, onStart?: () => void, events?: RunEvent[]): Promise<unknown>;
}

type Decorate = (cls: any, options: { strategy?: "parallel" | "sequential" | "auto"; maxConcurrency?: number }) => void;

const structural: Decorate = (cls, options) => structuralJit(options)(cls);
const traced: Decorate = (cls, options) => jit(options)(cls);

/**
 * Options as the mode gives them; the decorator only carries `strategy` and `maxConcurrency`.
 * With `events`, the run goes through `op.stream` and its events are collected.
 */
function invokeWith(op: Operator<Query, unknown>, input: Query, options: ExecutionOptions, mode: Mode, events?: RunEvent[]): Promise<unknown> {
  if (events) {
    const stream = mode === "scoped" ? executionOptions(options, () => op.stream(input)) : op.stream(input, mode === "decorator" ? {} : options);
    return collect(stream, events);
  }
  if (mode === "scoped") return executionOptions(options, () => op.invoke(input));
  if (mode === "decorator") return op.invoke(input);
  return op.invoke(input, options);
}

/** Reads every event of the stream into `events`, then settles as the run did. */
async function collect(stream: RunStream<unknown>, events: RunEvent[]): Promise<unknown> {
  try {
    for await (const event of stream) events.push(event);
  } catch {
    // The run's error: `result` carries it.
  }
  return stream.result;
}

function decoratorOptions(options: ExecutionOptions) {
  const d: { strategy?: "parallel" | "sequential" | "auto"; maxConcurrency?: number } = {};
  if (options.scheduler) d.strategy = options.scheduler;
  if (options.maxConcurrency !== undefined) d.maxConcurrency = options.maxConcurrency;
  return d;
}

/** A class path: a fresh subclass per run, decorated with the mode's options when it is `decorator`. */
function classPath(name: string, Base: typeof FanOut, decorate: Decorate, base: ExecutionOptions, leftRunning: Path["leftRunning"], warm = false): Path {
  return {
    name,
    decorated: true,
    overlaps: base.scheduler !== "sequential",
    leftRunning,
    async run(parts, options, mode, onStart, events) {
      const Fresh = class extends Base {};
      const merged = { ...base, ...options };
      decorate(Fresh, mode === "decorator" ? decoratorOptions(merged) : decoratorOptions(base));
      const op = new Fresh(parts);
      if (warm) await warmUp(op, parts);
      onStart?.();
      return invokeWith(op, { query: "q" }, mode === "decorator" ? {} : merged, mode, events);
    },
  };
}

/** Runs `op` once unobserved (so the next run replays), then forgets that run in the log. */
async function warmUp(op: Operator<Query, unknown>, parts: Parts): Promise<void> {
  await op.invoke({ query: "q" });
  parts.log.records.length = 0;
  parts.log.peak = 0;
}

/** The chain `auto` runs sequentially: leaf → host fan-out → judge (width 1). */
class AutoChain extends FanOut {
  static override [XCS_STRUCTURE](self: AutoChain, g: GraphBuilder, inputs: Ref) {
    const host = g.host(
      async (reads: { query: string }) => {
        const answers = await Promise.all(self.members.map((m) => m.invoke({ query: reads.query })));
        return { joined: answers.map((a) => a.answer).join(",") };
      },
      { query: inputs.get("query") },
    );
    return g.output(g.call(self.judge, { query: host.get("joined") }));
  }
}

export const paths: Path[] = [
  classPath("structural parallel", FanOut, structural, { scheduler: "parallel" }, "calls"),
  classPath("structural sequential", FanOut, structural, { scheduler: "sequential" }, "calls"),
  classPath("auto (a chain: sequential)", AutoChain, structural, {}, "host"),
  classPath("host node", HostFanOut, structural, { scheduler: "parallel" }, "host"),
  classPath("traced first run", FanOut as never, traced, {}, "calls"),
  classPath("traced replay", FanOut as never, traced, {}, "calls", true),
  {
    name: "nested, not inlined",
    decorated: true,
    overlaps: true,
    leftRunning: "calls",
    run(parts, options, mode, onStart, events) {
      onStart?.();
      const Inner = class extends InnerFanOut {};
      structuralJit(Inner);
      const Outer = class extends Nested {};
      structuralJit(mode === "decorator" ? decoratorOptions(options) : {})(Outer);
      return invokeWith(new Outer(parts, Inner), { query: "q" }, options, mode, events);
    },
  },
  {
    name: "nested jit inner",
    decorated: true,
    overlaps: true,
    leftRunning: "calls",
    run(parts, options, mode, onStart, events) {
      onStart?.();
      const Inner = class extends TracedFanOut {};
      jit(Inner);
      const Outer = class extends Nested {};
      structuralJit(mode === "decorator" ? decoratorOptions(options) : {})(Outer);
      return invokeWith(new Outer(parts, Inner), { query: "q" }, options, mode, events);
    },
  },
  {
    name: "pmap",
    decorated: false,
    overlaps: true,
    leftRunning: "calls",
    run(parts, options, mode, onStart, events) {
      onStart?.();
      const op = pmap(parts.members[0]!);
      return invokeWith(op as never, { query: Array.from({ length: WIDTH }, (_, i) => `q${i}`) } as never, options, mode, events);
    },
  },
  {
    name: "vmap",
    decorated: false,
    overlaps: true,
    leftRunning: "calls",
    run(parts, options, mode, onStart, events) {
      onStart?.();
      const op = vmap(parts.members[0]!);
      return invokeWith(op as never, { query: Array.from({ length: WIDTH }, (_, i) => `q${i}`) } as never, options, mode, events);
    },
  },
  {
    name: "autograph",
    decorated: false,
    overlaps: true,
    async run(parts, options, mode, onStart) {
      const graph = await autograph(async (inputs: Query) => {
        const answers = await Promise.all(parts.members.map((m) => m.invoke({ query: inputs.query })));
        return parts.judge.invoke({ query: answers.map((a) => a.answer) as never });
      });
      onStart?.();
      return mode === "scoped" ? executionOptions(options, () => execute(graph, { query: "q" })) : execute(graph, { query: "q" }, options);
    },
  },
];

export function newParts(ignoreSignal = false): Parts {
  return new Parts(new CallLog(new LogicalClock()), ignoreSignal);
}
