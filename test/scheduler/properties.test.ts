import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { failedNodeOf, Operator, XCS_STRUCTURE, type GraphBuilder, type Ref } from "xcs-jit";
import { buildStructure } from "../../runtime/builder/index.js";
import { runGraph, type RunGraphOptions } from "../../runtime/scheduler/index.js";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, expectSameAsEager, runCompiled, type CallRecord } from "../support/index.js";

/** One node of a random DAG: where each input field comes from (0 = the graph input, k = node k-1). */
interface NodeSpec {
  /** A call (a fake operator on the logical clock) or a pure compute node (runs at once). */
  compute: boolean;
  latency: number;
  effects: boolean;
  fails: boolean;
  /** One whole-value argument instead of named fields. */
  whole: boolean;
  inputs: { from: number; path: string }[];
}

const pathArb = fc.constantFrom("", "v", "meta", "meta.id");

const dagArb = (failures: boolean) =>
  fc.integer({ min: 1, max: 9 }).chain((size) =>
    fc.tuple(
      ...Array.from({ length: size }, (_, i) =>
        fc.record({
          compute: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
          latency: fc.integer({ min: 0, max: 3 }),
          effects: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
          fails: failures ? fc.integer({ min: 0, max: 3 }).map((n) => n === 0) : fc.constant(false),
          whole: fc.boolean(),
          inputs: fc.array(fc.record({ from: fc.integer({ min: 0, max: i }), path: pathArb }), { maxLength: 3 }),
        }),
      ),
    ),
  );

function checksum(text: string): number {
  let sum = 7;
  for (let i = 0; i < text.length; i++) sum = (sum * 31 + text.charCodeAt(i)) % 1_000_003;
  return sum;
}

function read(value: any, path: string): unknown {
  return path === "" ? value : path.split(".").reduce((v, key) => v[key], value);
}

/** The value a node computes from its input: depends on every input bit, so wrong wiring shows. */
const valueOf = (inputs: unknown, i: number) => ({ v: checksum(JSON.stringify(inputs) ?? "") + i, meta: { id: `n${i}` } });

/** A compute node's function: `fn(...args)` in the graph, called directly by eager code. */
function computeFn(spec: NodeSpec, i: number): (...args: unknown[]) => unknown {
  return (...args) => {
    if (spec.fails) throw new Error(`n${i} failed`);
    return valueOf(args, i);
  };
}

/** A random DAG as an operator: `forward` runs each node in program order (the eager reference). */
class RandomDag extends Operator<unknown, Record<string, unknown>> {
  readonly nodes: { op: FakeOperator | undefined; fn: (...args: unknown[]) => unknown; spec: NodeSpec }[];

  constructor(log: CallLog, specs: NodeSpec[]) {
    super();
    this.nodes = specs.map((spec, i) => {
      const Kind = spec.effects ? EffectfulFakeOperator : FakeOperator;
      const op = spec.compute
        ? undefined
        : new Kind(log, {
            name: `n${i}`,
            latency: spec.latency,
            compute: (inputs: unknown) => valueOf(inputs, i),
            fail: spec.fails ? () => new Error(`n${i} failed`) : undefined,
          });
      return { op, fn: computeFn(spec, i), spec };
    });
  }

  private static args<T>(spec: NodeSpec, source: (from: number, path: string) => T): T | Record<string, T> {
    if (spec.whole && spec.inputs.length === 1) return source(spec.inputs[0]!.from, spec.inputs[0]!.path);
    return Object.fromEntries(spec.inputs.map(({ from, path }, k) => [`f${k}`, source(from, path)]));
  }

  async forward(input: unknown) {
    const values: unknown[] = [input];
    for (const { op, fn, spec } of this.nodes) {
      if (op) values.push(await op.invoke(RandomDag.args(spec, (from, path) => read(values[from], path))));
      else values.push(fn(...spec.inputs.map(({ from, path }) => read(values[from], path))));
    }
    return Object.fromEntries(values.slice(1).map((v, i) => [`n${i}`, v]));
  }

  static [XCS_STRUCTURE](self: RandomDag, g: GraphBuilder, inputs: Ref) {
    const refs = [inputs];
    self.nodes.forEach(({ op, fn, spec }, i) => {
      if (op) refs.push(g.call(op, RandomDag.args(spec, (from, path) => refs[from]!.get(path)), op.name));
      else refs.push(g.compute(fn, spec.inputs.map(({ from, path }) => refs[from]!.get(path)), `n${i}`));
    });
    return g.output(Object.fromEntries(refs.slice(1).map((r, i) => [`n${i}`, r])));
  }
}

const graphInput = { v: 1, meta: { id: "input" } };

function scenarioOf(specs: NodeSpec[]) {
  return () => {
    const log = new CallLog(new LogicalClock());
    return { op: new RandomDag(log, specs), log };
  };
}

const runWith = (options: RunGraphOptions) => (op: Operator<unknown, unknown>, inputs: unknown) => runGraph(buildStructure(op), inputs, options);

function recordsByNode(records: CallRecord[]): Map<number, CallRecord> {
  return new Map(records.map((r) => [Number(r.name.slice(1)), r]));
}

/**
 * Which pure nodes wait for every earlier node, as an effect does: those reading an object an
 * earlier effect was given, or reaches, which it may have changed. A compute node's value may hold
 * what it read (a function may return a part of its arguments), and so may an effectful call's (it
 * may hand back its input); a pure call's holds nothing of its input. An effect reaches what the
 * parts it is given hold, through each holder (`via`: when the holder's value is no object, it
 * reaches nothing through it; a part reached two ways is judged by its own value). Values are
 * `{ v: number, meta: { id: string } }`: objects at `""` and `meta`.
 */
function waitsForEarlier(specs: NodeSpec[], settled: readonly number[]): boolean[] {
  type Mark = { from: number; path: string; via: { from: number; path: string } | undefined };
  const marks = new Map<string, Mark>();
  const holds = (from: number) => from > 0 && (specs[from - 1]!.compute || specs[from - 1]!.effects);
  const isObject = (path: string) => path === "" || path === "meta";
  const overlaps = (a: string, b: string) => a === "" || b === "" || a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  const give = (from: number, path: string, via: Mark["via"]): void => {
    const known = marks.get(`${from}:${path}`);
    if (known !== undefined) {
      if (known.via !== undefined && (via === undefined || via.from !== known.via.from || via.path !== known.via.path)) known.via = undefined;
      return;
    }
    marks.set(`${from}:${path}`, { from, path, via });
    if (holds(from)) for (const x of specs[from - 1]!.inputs) give(x.from, x.path, { from, path });
  };
  const reached = (from: number, path: string, out: Set<Mark>, seen = new Set<number>()): Set<Mark> => {
    for (const mark of marks.values()) if (mark.from === from && overlaps(mark.path, path)) out.add(mark);
    if (holds(from) && !seen.has(from)) {
      seen.add(from);
      for (const x of specs[from - 1]!.inputs) reached(x.from, x.path, out, seen);
    }
    return out;
  };
  // A holder not there yet when the node is ready (settled later) may yet be an object.
  const ready = (spec: NodeSpec) => Math.max(0, ...spec.inputs.filter((x) => x.from > 0).map((x) => settled[x.from - 1]!));
  const there = (from: number, at: number) => from === 0 || settled[from - 1]! <= at;
  return specs.map((spec) => {
    if (spec.effects && !spec.compute) {
      for (const x of spec.inputs) give(x.from, x.path, undefined);
      return false;
    }
    const read = spec.inputs.reduce((out, x) => reached(x.from, x.path, out), new Set<Mark>());
    return [...read].some((m) => isObject(m.path) && (m.via === undefined || !there(m.via.from, ready(spec)) || isObject(m.via.path)));
  });
}

/** The tick each node settled: a call's end; a compute node's inputs' (it runs the moment they exist, or, waiting, once every earlier node settled). */
function settleTimes(specs: NodeSpec[], byNode: Map<number, CallRecord>): number[] {
  const settled: number[] = [];
  specs.forEach((spec, i) => {
    if (!spec.compute) settled.push(byNode.get(i)!.end!);
    else settled.push(Math.max(0, ...spec.inputs.filter((x) => x.from > 0).map((x) => settled[x.from - 1]!), ...(waitsForEarlier(specs.slice(0, i + 1), settled)[i] ? settled : [])));
  });
  return settled;
}

describe("random DAGs with random field mappings", () => {
  it("give eager's result (and effect order) in parallel and sequential mode", async () => {
    await fc.assert(
      fc.asyncProperty(dagArb(false), async (specs) => {
        for (const scheduler of ["parallel", "sequential", "auto"] as const) {
          await expectSameAsEager(scenarioOf(specs), graphInput, runWith({ scheduler }));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("start each node exactly when its inputs exist (effectful ones, and those reading an object an effect was given: when every earlier node has ended)", async () => {
    await fc.assert(
      fc.asyncProperty(dagArb(false), async (specs) => {
        const outcome = await runCompiled(scenarioOf(specs)(), graphInput, runWith({ scheduler: "parallel" }));
        const byNode = recordsByNode(outcome.log.records);
        const done = settleTimes(specs, byNode);
        const waits = waitsForEarlier(specs, done);
        specs.forEach((spec, i) => {
          const ends = spec.inputs.filter((x) => x.from > 0).map((x) => done[x.from - 1]!);
          if ((spec.effects && !spec.compute) || waits[i]) for (let j = 0; j < i; j++) ends.push(done[j]!);
          if (!spec.compute) expect(byNode.get(i)!.start, `n${i}`).toBe(Math.max(0, ...ends));
        });
      }),
      { numRuns: 150 },
    );
  });

  it("never have more calls in flight than maxConcurrency, and still give eager's result", async () => {
    await fc.assert(
      fc.asyncProperty(dagArb(false), fc.integer({ min: 1, max: 4 }), async (specs, maxConcurrency) => {
        const { compiled } = await expectSameAsEager(scenarioOf(specs), graphInput, runWith({ scheduler: "parallel", maxConcurrency }));
        expect(compiled.peak).toBeLessThanOrEqual(maxConcurrency);
      }),
      { numRuns: 150 },
    );
  });

  it("with random failures: raise eager's error, start nothing after the failing node once it failed, leave nothing running", async () => {
    await fc.assert(
      fc.asyncProperty(dagArb(true), fc.option(fc.integer({ min: 1, max: 3 })), async (specs, limit) => {
        const options: RunGraphOptions = { scheduler: "parallel", ...(limit !== null && { maxConcurrency: limit }) };
        const { eager, compiled } = await expectSameAsEager(scenarioOf(specs), graphInput, runWith(options));
        if (eager.ok) return;
        const failing = specs.findIndex((s) => s.fails);
        expect(failedNodeOf(compiled.error)?.node).toBe(`n${failing}`);
        const byNode = recordsByNode(compiled.log.records);
        const failedAt = settleTimes(specs.slice(0, failing + 1), byNode)[failing]!;
        for (const [i, record] of byNode) {
          if (i > failing) expect(record.start, `n${i} started after n${failing} failed`).toBeLessThanOrEqual(failedAt);
          expect(record.outcome, `n${i} still running`).toBeDefined();
        }
      }),
      { numRuns: 200 },
    );
  });
});
