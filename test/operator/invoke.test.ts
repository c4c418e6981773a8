import { describe, expect, it } from "vitest";
import { InvalidOptionError, jit, Operator, operatorName, type ForwardContext } from "xcs-jit";
import { CallLog, FakeOperator, LogicalClock, StampingFakeOperator } from "../support/index.js";

class Echo extends Operator<string, string> {
  seen: ForwardContext[] = [];
  forward(text: string, ctx: ForwardContext) {
    this.seen.push(ctx);
    return text;
  }
}

describe("Operator.invoke", () => {
  it("always returns a Promise, even for a synchronous forward", async () => {
    const op = new Echo();
    const result = op.invoke("hi");
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe("hi");
  });

  it("gives forward the per-call signal, or one that never aborts", async () => {
    const op = new Echo();
    const controller = new AbortController();
    await op.invoke("a", { signal: controller.signal });
    await op.invoke("b");
    expect(op.seen[0]!.signal).toBe(controller.signal);
    expect(op.seen[1]!.signal).toBeInstanceOf(AbortSignal);
    expect(op.seen[1]!.signal.aborted).toBe(false);
  });

  it("rejects with the signal's reason, without running forward, when already aborted", async () => {
    const op = new Echo();
    const reason = new Error("client went away");
    await expect(op.invoke("a", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(op.seen).toEqual([]);
  });

  it("rejects invalid per-call options, naming the option", async () => {
    const op = new Echo();
    await expect(op.invoke("a", { scheduler: "fastest" as any })).rejects.toThrow(
      'invoke: invalid option "scheduler": expected "auto" | "parallel" | "sequential", got "fastest"',
    );
    await expect(op.invoke("a", { maxConcurrency: 0 })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(op.invoke("a", { signal: "stop" as any })).rejects.toThrow(/"signal": expected an AbortSignal/);
    expect(op.seen).toEqual([]);
  });

  it("propagates forward's error unchanged", async () => {
    const boom = new Error("boom");
    class Failing extends Operator<void, never> {
      forward(): never {
        throw boom;
      }
    }
    await expect(new Failing().invoke()).rejects.toBe(boom);
  });
});

describe("calls that wait for a slot", () => {
  type Ask = { query: string };
  type Reply = { answer: string };
  /** `Promise.all([first.invoke(…), stamp.invoke(req), model.invoke(req)])` as written, traced: `stamp` and `model` read `req` when made. */
  class StampBeside extends Operator<Ask, string[]> {
    constructor(readonly first: Operator<Ask, Reply>, readonly stamp: Operator<Ask, Reply>, readonly model: Operator<Ask, Reply>) {
      super();
    }
    async forward(inputs: Ask) {
      const req = { query: inputs.query };
      return (await Promise.all([this.first.invoke({ query: "first" }), this.stamp.invoke(req), this.model.invoke(req)])).map((r) => r.answer);
    }
  }
  jit(StampBeside);

  it("a pure one is given what it was given when it was made; an effect the object itself", async () => {
    const log = new CallLog(new LogicalClock());
    const answer = (name: string) => (i: Ask) => ({ answer: `${name}(${i.query})` });
    const leaf = (name: string) => new FakeOperator<Ask, Reply>(log, { name, compute: answer(name) });
    const stamp = (name: string) => new StampingFakeOperator<Ask, Reply>(log, { name, latency: 2, compute: answer(name) });
    // One slot: `model` waits while `stamp` rewrites the query (`x` → `x*`) it was given too.
    // (The first runs record the trace; later ones replay it.)
    const op = new StampBeside(leaf("first"), stamp("stamp"), leaf("model"));
    for (const options of [{}, {}, { maxConcurrency: 1 }, { scheduler: "sequential" as const }]) {
      expect(await log.clock.run(op.invoke({ query: "x" }, options)), JSON.stringify(options)).toEqual(["first(first)", "stamp(x)", "model(x)"]);
    }
    // Two stamps: the one that waits is given the object the other rewrote, as an effect is.
    const stamps = new StampBeside(leaf("first"), stamp("stamp"), stamp("stamp2"));
    const answers = await log.clock.run(stamps.invoke({ query: "x" }, { maxConcurrency: 1 }));
    expect(answers.slice(1)).toEqual(["stamp(x)", "stamp2(x*)"]);
  });
});

describe("operatorName", () => {
  it("is the instance's name property when it is a non-empty string, else the class name", () => {
    const named = Object.assign(new Echo(), { name: "echo-1" });
    expect(operatorName(named)).toBe("echo-1");
    expect(operatorName(new Echo())).toBe("Echo");
    expect(operatorName(Object.assign(new Echo(), { name: "" }))).toBe("Echo");
    expect(operatorName(Object.assign(new Echo(), { name: 3 }))).toBe("Echo");
  });
});
