import { describe, expect, it } from "vitest";
import { InvalidOptionError, Operator, operatorName, type ForwardContext } from "xcs-jit";

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

describe("operatorName", () => {
  it("is the instance's name property when it is a non-empty string, else the class name", () => {
    const named = Object.assign(new Echo(), { name: "echo-1" });
    expect(operatorName(named)).toBe("echo-1");
    expect(operatorName(new Echo())).toBe("Echo");
    expect(operatorName(Object.assign(new Echo(), { name: "" }))).toBe("Echo");
    expect(operatorName(Object.assign(new Echo(), { name: 3 }))).toBe("Echo");
  });
});
