/**
 * The path a user's program takes, beside hand-written `Promise.all` in the same process: a root
 * `@structuralJit` operator whose structure is the one the transformer emits (the standard
 * scenarios' classes, their `Promise.all` an await group) over leaf `Operator`s whose `forward` returns an already-resolved promise;
 * each run is `root.invoke(input)` on an instance whose graph is already built. Two references:
 * hand-written code calling the leaves' `forward` directly (`Promise.all` / an `await` loop, no
 * runtime at all), and the eager `forward` calling the leaves through `invoke`.
 */
import { Operator, structuralJit, XCS_STRUCTURE, type GraphBuilder, type Ref } from "xcs-jit";
import { Chain, Ensemble, ensembleOfEnsembles, wide, type LeafFactory, type LeafInput, type LeafOutput } from "../../test/support/scenarios.js";
import { collectGarbage, cpuTimeAsync, median, round } from "./stats.js";

class ResolvedLeaf extends Operator<LeafInput, LeafOutput> {
  forward(inputs: LeafInput): Promise<LeafOutput> {
    return Promise.resolve({ answer: inputs.query });
  }
}

/** A leaf whose answer waits until `release()`: what a call in flight holds. */
class PendingLeaf extends Operator<LeafInput, LeafOutput> {
  static waiting: (() => void)[] = [];
  forward(inputs: LeafInput): Promise<LeafOutput> {
    return new Promise((resolve) => PendingLeaf.waiting.push(() => resolve({ answer: inputs.query })));
  }
  static release(): void {
    for (const resolve of PendingLeaf.waiting.splice(0)) resolve();
  }
}

/**
 * `Ensemble` with the structure the transformer emits for its `forward` (`xcs-jit inspect`): the
 * `Promise.all` is one await group (`g.all`), which the test scenarios' hand-written structure leaves out.
 */
class EmittedEnsemble extends Ensemble {
  static override [XCS_STRUCTURE](self: Ensemble, g: GraphBuilder, inputs: Ref) {
    const answers = g.all(() => self.members.map((m) => g.call(m, { query: inputs.get("query") })));
    const verdict = g.call(self.judge, { query: inputs.get("query"), candidates: g.list(answers.map((a) => a.get("answer"))) });
    return g.output({ answer: verdict.get("answer") });
  }
}
class CompiledEnsemble extends EmittedEnsemble {}
class CompiledChain extends Chain {}
structuralJit(CompiledEnsemble);
structuralJit(CompiledChain);

type Query = { query: string };
type Root = Operator<Query, LeafOutput>;

/** The compiled root and the same program hand-written over the leaves' `forward`. */
interface Program {
  readonly root: Root;
  readonly eager: Root;
  readonly handWritten: (input: Query) => Promise<LeafOutput>;
}

const leafForward = (leaf: Operator<LeafInput, LeafOutput>, input: LeafInput) => leaf.forward(input, { signal: neverAborted }) as Promise<LeafOutput>;
const neverAborted = new AbortController().signal;

function handWrittenOf(op: Root): (input: Query) => Promise<LeafOutput> {
  if (op instanceof Ensemble) {
    const members = op.members.map(handWrittenOf);
    return async (input) => {
      const answers = await Promise.all(members.map((member) => member({ query: input.query })));
      return { answer: (await leafForward(op.judge, { query: input.query, candidates: answers.map((a) => a.answer) })).answer };
    };
  }
  if (op instanceof Chain) {
    return async (input) => {
      let answer = input.query;
      for (const unit of op.units) answer = (await leafForward(unit, { query: answer })).answer;
      return { answer };
    };
  }
  return (input) => leafForward(op as Operator<LeafInput, LeafOutput>, input);
}

/** The compiled twin of a scenario built from plain `Ensemble`/`Chain`: only the root is decorated; nested structures inline. */
function compiledRoot(op: Root): Root {
  if (op instanceof Ensemble) return new CompiledEnsemble(op.members.map(emitted), op.judge);
  if (op instanceof Chain) return Object.assign(new CompiledChain(() => new ResolvedLeaf(), 0), { units: op.units });
  throw new TypeError("a root is an Ensemble or a Chain");
}

/** Nested ensembles with the emitted structure too (chains' emitted structure is the scenario's). */
function emitted(op: Root): Root {
  return op instanceof Ensemble ? new EmittedEnsemble(op.members.map(emitted), op.judge) : op;
}

function program(make: (leaf: LeafFactory) => Root): Program {
  const eager = make(() => new ResolvedLeaf());
  return { root: compiledRoot(eager), eager, handWritten: handWrittenOf(eager) };
}

const scenarios: { name: string; make: (leaf: LeafFactory) => Root; calls: number }[] = [
  { name: "wide-100", make: (leaf) => wide(leaf, 100), calls: 101 },
  { name: "wide-1000", make: (leaf) => wide(leaf, 1000), calls: 1001 },
  { name: "chain-100", make: (leaf) => new Chain(leaf, 100), calls: 100 },
  { name: "chain-1000", make: (leaf) => new Chain(leaf, 1000), calls: 1000 },
  { name: "ensemble + judge, depth 2", make: ensembleOfEnsembles, calls: 111 },
];

export interface UserPathFigure {
  scenario: string;
  calls: number;
  /** µs of CPU per call: hand-written code over the leaves' `forward`. */
  handWrittenUs: number;
  /** µs per call: the eager `forward` (leaves through `invoke`). */
  eagerInvokeUs: number;
  /** µs per call: `root.invoke(input)`, compiled. */
  compiledUs: number;
  /** compiled / hand-written, the median of per-round ratios (target ≤ 1.2). */
  ratio: number;
  /** compiled / eager through `invoke`. */
  ratioToEagerInvoke: number;
}

/** The three alternate in rounds so all see the same machine state; each round times `iterations` runs of each. */
export async function measureUserPath(rounds = 15, iterations = 20): Promise<UserPathFigure[]> {
  const figures: UserPathFigure[] = [];
  for (const scenario of scenarios) {
    const { root, eager, handWritten } = program(scenario.make);
    const input = { query: "q" };
    const runs = {
      hand: () => handWritten(input),
      eager: () => eager.forward(input, { signal: neverAborted }) as Promise<LeafOutput>,
      compiled: () => root.invoke(input),
    };
    const compiledAnswer = await runs.compiled();
    if (JSON.stringify(compiledAnswer) !== JSON.stringify(await runs.hand())) throw new Error(`${scenario.name}: the compiled run answers differently`);
    const times = { hand: [] as number[], eager: [] as number[], compiled: [] as number[] };
    for (const run of Object.values(runs)) await cpuTimeAsync(run, 200);
    for (let r = 0; r < rounds; r++) {
      for (const key of ["hand", "eager", "compiled"] as const) times[key].push(await cpuTimeAsync(runs[key], iterations));
    }
    const perCall = (ms: number) => round((ms * 1000) / iterations / scenario.calls, 3);
    figures.push({
      scenario: scenario.name,
      calls: scenario.calls,
      handWrittenUs: perCall(median(times.hand)),
      eagerInvokeUs: perCall(median(times.eager)),
      compiledUs: perCall(median(times.compiled)),
      ratio: round(median(times.compiled.map((t, i) => t / times.hand[i]!))),
      ratioToEagerInvoke: round(median(times.compiled.map((t, i) => t / times.eager[i]!))),
    });
  }
  return figures;
}

export interface PendingHeapFigure {
  calls: number;
  /** Heap bytes per call in flight, hand-written `Promise.all` over the leaves' `forward`. */
  handWrittenBytes: number;
  /** The same, `root.invoke(input)` compiled (target ≤ 1 KB). */
  compiledBytes: number;
}

/** Heap held while `calls` leaf calls are in flight, per call (median of `samples`), after a full GC. */
export async function measurePendingHeap(calls = 1000, samples = 9): Promise<PendingHeapFigure> {
  const eager = wide(() => new PendingLeaf(), calls);
  const root = compiledRoot(eager);
  const handWritten = handWrittenOf(eager);
  const input = { query: "q" };
  const held = async (run: () => Promise<unknown>): Promise<number> => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const done = run();
    await new Promise((resolve) => setImmediate(resolve));
    if (PendingLeaf.waiting.length !== calls) throw new Error(`expected ${calls} calls in flight, got ${PendingLeaf.waiting.length}`);
    collectGarbage();
    const bytes = process.memoryUsage().heapUsed - before;
    PendingLeaf.release();
    await new Promise((resolve) => setImmediate(resolve));
    PendingLeaf.release(); // the judge
    await done;
    return bytes / calls;
  };
  for (let warmUp = 0; warmUp < 3; warmUp++) {
    await held(() => handWritten(input));
    await held(() => root.invoke(input));
  }
  const hand: number[] = [];
  const compiled: number[] = [];
  for (let s = 0; s < samples; s++) {
    hand.push(await held(() => handWritten(input)));
    compiled.push(await held(() => root.invoke(input)));
  }
  return { calls, handWrittenBytes: Math.round(median(hand)), compiledBytes: Math.round(median(compiled)) };
}
