/**
 * An adversary of the comparison helper (`compareWithEager` / `differences`): hand-written
 * "compiled" runs that a user would notice as different from eager `forward` (a lost, late,
 * reordered or differently-fed effect, a wrong leaf input, another error), each asserting that the
 * difference is REPORTED; and runs eager does exhibit under some latencies, asserting that they are
 * ACCEPTED (the rules are not too strict). A failing test here is a rule that is wrong.
 */
import { describe, expect, it } from "vitest";
import { Operator, type ForwardContext } from "xcs-jit";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, StampingFakeOperator, compareWithEager, type RunCompiled, type RunSpec, type Scenario } from "./index.js";

type In = { query: string };
type Leaves = Record<string, FakeOperator>;
const q: In = { query: "q" };

/**
 * An operator whose `forward` is `body`, run as written (eager); a compiled run gets the same
 * instance and calls its leaves its own way. `note` is a synchronous effect (a log entry).
 */
class Program extends Operator<In, unknown> {
  constructor(
    readonly l: Leaves,
    readonly log: CallLog,
    private readonly body: (self: Program, inputs: In) => Promise<unknown>,
  ) {
    super();
  }

  note(text: string): void {
    this.log.finish(this.log.begin("note", text, true), "ok", undefined);
  }

  sleep(ticks: number): Promise<void> {
    return this.log.clock.sleep(ticks);
  }

  async forward(inputs: In) {
    return this.body(this, inputs);
  }
}

/** What leaves a scenario has: `pure name latency`, `effect name latency`, `fail name latency`. */
interface Kit {
  pure(name: string, latency?: number, compute?: (inputs: any) => unknown): FakeOperator;
  effect(name: string, latency?: number, compute?: (inputs: any) => unknown): FakeOperator;
  fail(name: string, latency?: number): FakeOperator;
}

function program(leaves: (kit: Kit, log: CallLog) => Leaves, body: (self: Program, inputs: In) => Promise<unknown>): () => Scenario<In> {
  return () => {
    const log = new CallLog(new LogicalClock());
    const kit: Kit = {
      pure: (name, latency = 1, compute = () => name) => new FakeOperator(log, { name, latency, compute }),
      effect: (name, latency = 1, compute = () => name) => new EffectfulFakeOperator(log, { name, latency, compute }),
      fail: (name, latency = 1) => new FakeOperator(log, { name, latency, fail: () => new Error(`${name} failed`) }),
    };
    return { op: new Program(leaves(kit, log), log, body), log };
  };
}

/** A compiled run written against the `Program` instance. */
const run = (f: (self: Program) => Promise<unknown>): RunCompiled<In> => (op) => f(op as Program);

async function compare(make: () => Scenario<In>, compiled: (self: Program) => Promise<unknown>, options?: RunSpec<In>["options"]) {
  return compareWithEager(make, [{ input: q, options }], { run: run(compiled) });
}

/** What a call with this name did (its result), in a run's calls: what an effect wrote. */
const wrote = (calls: readonly { name: string; result?: unknown }[], name: string) => calls.filter((r) => r.name === name).map((r) => r.result);

describe("effects that are given an object: compared by what they were given, not what it became", () => {
  /** `save` writes (its result) the document's text when its call ends. Eager saves the draft, then edits it. */
  const saveThenEdit = program(
    ({ effect }) => ({ save: effect("save", 1, (doc: { text: string }) => doc.text) }),
    async (self) => {
      const doc = { text: "draft" };
      await self.l.save.invoke(doc);
      doc.text = "final";
      return doc.text;
    },
  );

  it("reports an effect given another input at its call, when the caller later makes the object look alike", async () => {
    // Edits first, then saves: the store gets "final" where eager's gets "draft". The edit follows
    // `await save` in straight-line code: no latency lets eager save anything but the draft.
    const result = await compare(saveThenEdit, async (self) => {
      const doc = { text: "final" };
      await self.l.save.invoke(doc);
      return doc.text;
    });
    expect(wrote(result.eager[0]!.calls, "save")).toEqual(["draft"]);
    expect(wrote(result.compiled[0]!.calls, "save")).toEqual(["final"]);
    expect(result.differences).toEqual([expect.stringContaining("effects differ")]);
  });

  it("reports an effect given a Map or Set with other entries (JSON alone shows every one as {})", async () => {
    const make = program(
      ({ effect }) => ({ save: effect("save") }),
      async (self) => self.l.save.invoke({ tags: new Map([["lang", "en"]]), seen: new Set(["a"]) }),
    );
    const result = await compare(make, async (self) => self.l.save.invoke({ tags: new Map([["lang", "fr"]]), seen: new Set(["a"]) }));
    expect(result.differences).toEqual([expect.stringContaining('effects differ: eager [save {"tags":{"[Map]":[["lang","en"]]},"seen":{"[Set]":["a"]}}]')]);
    const sets = await compare(make, async (self) => self.l.save.invoke({ tags: new Map([["lang", "en"]]), seen: new Set(["b"]) }));
    expect(sets.differences).toEqual([expect.stringContaining("effects differ")]);
  });

  it("reports, on a failing run, an effect given another input at its call", async () => {
    const make = program(
      ({ effect, fail }) => ({ save: effect("save", 1, (doc: { text: string }) => doc.text), check: fail("check") }),
      async (self, inputs) => {
        const doc = { text: "draft" };
        await self.l.save.invoke(doc);
        doc.text = "final";
        return self.l.check.invoke(inputs);
      },
    );
    const result = await compare(make, async (self) => {
      const doc = { text: "final" };
      await self.l.save.invoke(doc);
      return self.l.check.invoke(q);
    });
    expect(wrote(result.compiled[0]!.calls, "save")).toEqual(["final"]);
    expect(result.differences).toEqual([expect.stringContaining("effects differ")]);
  });

  it("accepts an effect that rewrote its input, left running by a caught failure that came later than eager's (found by `asked`)", async () => {
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const leaves = { stamp: new StampingFakeOperator(log, { name: "stamp", latency: 2 }), fail: new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("fail failed") }) };
      const body = async (self: Program) => {
        try {
          await Promise.all([self.l.stamp.invoke({ query: "doc" }), self.l.fail.invoke(q)]);
        } catch {
          return "caught";
        }
        return "done";
      };
      return { op: new Program(leaves, log, body), log };
    };
    // `fail` started a little later fails at 3, after the stamp (2): eager's when `fail` takes 3 ticks.
    const result = await compare(make, async (self) => {
      const stamping = self.l.stamp.invoke({ query: "doc" });
      await self.sleep(2);
      try {
        await Promise.all([stamping, self.l.fail.invoke(q)]);
      } catch {
        return "caught";
      }
      return "done";
    });
    expect(result.eager[0]!.effects).toEqual(['stamp {"query":"doc"}']);
    expect(result.compiled[0]!.effects).toEqual(['stamp {"query":"doc"}']);
    expect(result.differences).toEqual([]);
  });
});

describe("failing runs without a bound", () => {
  it("accepts a pure failing call started early that fails before an effect eager starts only after an earlier await", async () => {
    const make = program(
      ({ pure, effect, fail }) => ({ pre: pure("pre", 2), audit: effect("audit"), fail: fail("fail", 1) }),
      async (self, inputs) => {
        await self.l.pre.invoke(inputs);
        return Promise.all([self.l.audit.invoke(inputs), self.l.fail.invoke(inputs)]);
      },
    );
    // `fail` needs nothing from `pre`: started with it, it fails at 1, before the group starts at 2.
    const result = await compare(make, async (self) => {
      const failing = self.l.fail.invoke(q);
      await Promise.race([failing, self.l.pre.invoke(q)]);
      return Promise.all([self.l.audit.invoke(q), failing]);
    });
    expect(result.compiled[0]!.effects).toEqual([]);
    expect(result.differences).toEqual([]);
  });

  it("accepts members' effects in the order the run's timing gave them, then the failure (the replay of a failing run)", async () => {
    const make = program(
      ({ pure, effect, fail }) => ({ first: pure("first", 3), a: pure("a", 1), b: pure("b", 2), e1: effect("e1"), e2: effect("e2"), fail: fail("fail", 3) }),
      async (self, inputs) => {
        const { first, a, b, e1, e2, fail } = self.l;
        await first.invoke(inputs);
        return Promise.all([a.invoke(inputs).then(() => e1.invoke(inputs)), b.invoke(inputs).then(() => e2.invoke(inputs)), fail.invoke(inputs)]);
      },
    );
    // `b` started with `first` is done when the group starts: `e2` first, as eager's when `b` is the quicker.
    const result = await compare(make, async (self) => {
      const { first, a, b, e1, e2, fail } = self.l;
      const early = b.invoke(q);
      await first.invoke(q);
      return Promise.all([a.invoke(q).then(() => e1.invoke(q)), early.then(() => e2.invoke(q)), fail.invoke(q)]);
    });
    expect(result.eager[0]!.effects).toEqual(['e1 {"query":"q"}', 'e2 {"query":"q"}']);
    expect(result.compiled[0]!.effects).toEqual(['e2 {"query":"q"}', 'e1 {"query":"q"}']);
    expect(result.differences).toEqual([]);
  });
});

describe("bounded runs (maxConcurrency, sequential)", () => {
  it("reports an effect eager awaits before returning, made after the run returned (no Promise.all, a bound that never binds)", async () => {
    const make = program(
      ({ effect }) => ({ audit: effect("audit") }),
      async (self, inputs) => {
        await self.l.audit.invoke(inputs);
        return "done";
      },
    );
    const result = await compare(
      make,
      async (self) => {
        void self.sleep(1).then(() => self.l.audit.invoke(q));
        return "done";
      },
      { maxConcurrency: 4 },
    );
    expect(result.compiled[0]!.effects).toEqual([]);
    expect(result.compiled[0]!.after.map((r) => r.name)).toEqual(["audit"]);
    expect(result.differences).not.toEqual([]);
  });

  it("accepts, under `sequential`, a member's effect left waiting for its slot by a caught Promise.all made after the run returned", async () => {
    const make = program(
      ({ effect, fail }) => ({ fail: fail("fail"), audit: effect("audit", 2) }),
      async (self, inputs) => {
        try {
          await Promise.all([self.l.fail.invoke(inputs), self.l.audit.invoke(inputs)]);
        } catch {
          return "caught";
        }
        return "done";
      },
    );
    const result = await compare(
      make,
      async (self) => {
        const failed = self.l.fail.invoke(q);
        void failed.catch(() => self.sleep(1)).then(() => self.l.audit.invoke(q));
        return failed.then(
          () => "done",
          () => "caught",
        );
      },
      { scheduler: "sequential" },
    );
    expect(result.compiled[0]!.after.map((r) => r.name)).toEqual(["audit"]);
    expect(result.differences).toEqual([]);
  });

  it("accepts, under a bound, an effect of a caught Promise.all's member made after the run returned, when that effect rewrites its input", async () => {
    // The case `boundedEffects` lets come late (a member waiting for its slot), with an effect that
    // works on its input: both are described by what they were given when they started.
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const leaves = { fail: new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("fail failed") }), stamp: new StampingFakeOperator(log, { name: "stamp", latency: 2 }) };
      const body = async (self: Program) => {
        try {
          await Promise.all([self.l.fail.invoke(q), self.l.stamp.invoke({ query: "doc" })]);
        } catch {
          return "caught";
        }
        return "done";
      };
      return { op: new Program(leaves, log, body), log };
    };
    const result = await compare(
      make,
      async (self) => {
        const failed = self.l.fail.invoke(q);
        void failed.catch(() => self.sleep(1)).then(() => self.l.stamp.invoke({ query: "doc" }));
        return failed.then(
          () => "done",
          () => "caught",
        );
      },
      { maxConcurrency: 1 },
    );
    expect(result.compiled[0]!.after.map((r) => r.asked)).toEqual(['stamp {"query":"doc"}']);
    expect(result.differences).toEqual([]);
  });

  it("accepts, under a bound, the two effects of one Promise.all in the schedule's order", async () => {
    const make = program(
      ({ effect }) => ({ e1: effect("e1"), e2: effect("e2") }),
      async (self, inputs) => Promise.all([self.l.e1.invoke(inputs), self.l.e2.invoke(inputs)]),
    );
    const result = await compare(
      make,
      async (self) => {
        const second = await self.l.e2.invoke(q);
        const first = await self.l.e1.invoke(q);
        return [first, second];
      },
      { maxConcurrency: 1 },
    );
    expect(result.differences).toEqual([]);
  });
});

describe("pure leaves and the copy of their input taken when called", () => {
  /** `model` answers from the request; eager edits the request only once the answer is in. */
  const askThenEdit = program(
    ({ pure }) => ({ model: pure("model", 2, (request: { query: string }) => `answer to ${request.query}`) }),
    async (self) => {
      const request = { query: "draft" };
      const answer = await self.l.model.invoke(request);
      request.query = "final";
      return [answer, request.query];
    },
  );

  it("accepts a request edited while the pure call runs: the leaf read it when called (a model call sends it then)", async () => {
    const result = await compare(askThenEdit, async (self) => {
      const request = { query: "draft" };
      const asking = self.l.model.invoke(request);
      request.query = "final";
      return [await asking, request.query];
    });
    expect(result.compiled[0]!.value).toEqual(["answer to draft", "final"]);
    expect(result.differences).toEqual([]);
  });

  it("reports the same edit when the pure leaf reads its input only after awaiting (a composite operator): the result shows it", async () => {
    /** A pure operator that reads its input after its own await, as a composed operator may. */
    class ReadsLate extends FakeOperator<In, unknown> {
      override async forward(given: In, ctx: ForwardContext): Promise<unknown> {
        await super.forward(given, ctx);
        return `answer to ${given.query}`;
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const body = async (self: Program) => {
        const request = { query: "draft" };
        const answer = await self.l.model.invoke(request);
        request.query = "final";
        return answer;
      };
      return { op: new Program({ model: new ReadsLate(log, { name: "model", latency: 2 }) }, log, body), log };
    };
    const result = await compare(make, async (self) => {
      const request = { query: "draft" };
      const asking = self.l.model.invoke(request);
      request.query = "final";
      return asking;
    });
    expect(result.differences).toEqual([expect.stringContaining("result differs")]);
  });

  it("reports a pure call given another request, when the request holds a function (no copy) and the caller later makes it look alike", async () => {
    const onToken = (_token: string): void => {};
    // `publish` records what the model answered; the default answer (`{ by, inputs }`) holds the request.
    const make = program(
      ({ pure, effect }) => ({ model: pure("model", 1, (request) => ({ by: "model", inputs: request })), publish: effect("publish") }),
      async (self) => {
        const request = { query: "draft", onToken };
        const answer = await self.l.model.invoke(request as never);
        request.query = "final";
        await self.l.publish.invoke(answer as never);
        return "done";
      },
    );
    // Asks the model about "final" where eager asks about "draft": a real model answers otherwise.
    const result = await compare(make, async (self) => {
      const request = { query: "final", onToken };
      const answer = await self.l.model.invoke(request as never);
      await self.l.publish.invoke(answer as never);
      return "done";
    });
    expect(result.differences).not.toEqual([]);
  });

});

describe("runs that returned, unbounded: eager under the latencies the run saw", () => {
  /** `first` (3), then two members `await a (1)` then `e1`, `await b (2)` then `e2`. */
  const members = program(
    ({ pure, effect }) => ({ first: pure("first", 3), a: pure("a", 1), b: pure("b", 2), e1: effect("e1"), e2: effect("e2") }),
    async (self, inputs) => {
      const { first, a, b, e1, e2 } = self.l;
      await first.invoke(inputs);
      return Promise.all([a.invoke(inputs).then(() => e1.invoke(inputs)), b.invoke(inputs).then(() => e2.invoke(inputs))]);
    },
  );

  it("accepts e2 before e1 when `b` started early ended first", async () => {
    const result = await compare(members, async (self) => {
      const { first, a, b, e1, e2 } = self.l;
      const early = b.invoke(q);
      await first.invoke(q);
      return Promise.all([a.invoke(q).then(() => e1.invoke(q)), early.then(() => e2.invoke(q))]);
    });
    expect(result.compiled[0]!.effects).toEqual(['e2 {"query":"q"}', 'e1 {"query":"q"}']);
    expect(result.differences).toEqual([]);
  });

});
