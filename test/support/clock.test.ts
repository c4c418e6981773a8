import { describe, expect, it } from "vitest";
import { LogicalClock } from "./clock.js";

describe("LogicalClock", () => {
  it("advances only when everything pending waits on it, waking sleepers in tick then sleep order", async () => {
    const clock = new LogicalClock();
    const woke: string[] = [];
    const sleeper = async (name: string, ticks: number) => {
      await clock.sleep(ticks);
      woke.push(`${name}@${clock.now}`);
    };
    await clock.run(Promise.all([sleeper("b", 2), sleeper("a", 1), sleeper("c", 2), Promise.resolve().then(() => sleeper("d", 1))]));
    expect(woke).toEqual(["a@1", "d@1", "b@2", "c@2"]);
    expect(clock.now).toBe(2);
  });

  it("lets work scheduled with setImmediate run before time moves", async () => {
    const clock = new LogicalClock();
    const seen: number[] = [];
    const scenario = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(clock.now);
      await clock.sleep(1);
      seen.push(clock.now);
    };
    await clock.run(scenario);
    expect(seen).toEqual([0, 1]);
  });

  it("rejects a sleep when its signal aborts, and reports a stuck scenario instead of hanging", async () => {
    const clock = new LogicalClock();
    const controller = new AbortController();
    const aborted = clock.sleep(5, controller.signal).catch((error: unknown) => `aborted: ${String(error)}`);
    const abort = clock.sleep(1).then(() => controller.abort("stop"));
    expect(await clock.run(Promise.all([aborted, abort]))).toEqual(["aborted: stop", undefined]);
    expect(clock.now).toBe(1);
    await expect(clock.run(new Promise(() => {}))).rejects.toThrow("the scenario is stuck at tick 1");
  });
});
