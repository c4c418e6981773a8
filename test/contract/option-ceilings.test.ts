/**
 * Issue 14, item 7, for option values: a value that is work done at once (units built, paid
 * retries) has a documented ceiling and is refused past it, naming the field; a value that only
 * bounds work (`maxConcurrency`, `shards`, `batchSize`, a timeout) is accepted at any size and
 * means what it says: a bound above the work there is is no bound, a timeout longer than one
 * timer can hold is held, never fired early.
 */
import { describe, expect, it } from "vitest";
import { InvalidOptionError, ManagedModel, MAX_RETRIES, pmap, SimulatedModel, systemClock, UniformEnsemble, vmap, type Model } from "xcs-jit";
import { MAX_ENTRY_COUNT } from "../../runtime/non/compact/parse-entry.js";

import { newParts, paths, WIDTH } from "./paths.js";

describe("counts that are work done at once have a ceiling", () => {
  it("UniformEnsemble: numUnits over the ceiling (a compact entry's) is refused, naming numUnits", () => {
    expect(() => new UniformEnsemble({ model: "gpt-4o", numUnits: MAX_ENTRY_COUNT + 1 })).toThrow(
      new RangeError(`UniformEnsemble: numUnits must be a positive integer of at most ${MAX_ENTRY_COUNT}, got ${MAX_ENTRY_COUNT + 1}`),
    );
    expect(() => new UniformEnsemble({ model: "gpt-4o", numUnits: 100_000_000 })).toThrow(/numUnits/);
    expect(new UniformEnsemble({ model: "gpt-4o", numUnits: MAX_ENTRY_COUNT }).units).toHaveLength(MAX_ENTRY_COUNT);
  });

  it("a model policy: retry.maxRetries over the ceiling is refused, naming the field", () => {
    const make = (maxRetries: number) => new ManagedModel(new SimulatedModel(), { retry: { maxRetries } });
    expect(() => make(MAX_RETRIES + 1)).toThrow(InvalidOptionError);
    expect(() => make(1e9)).toThrow(`model policy of simulated:model: invalid option "retry.maxRetries": expected a non-negative integer of at most ${MAX_RETRIES}, got 1000000000`);
    expect(() => make(MAX_RETRIES)).not.toThrow();
  });
});

describe("bounds are accepted at any size and bound nothing past the work", () => {
  const huge = Number.MAX_SAFE_INTEGER;
  const bounded = (name: string) => paths.find((p) => p.name === name)!;

  it.each(["structural parallel", "traced first run", "pmap", "vmap"])("maxConcurrency 2^53 - 1 on %s: the same result and overlap as unbounded", async (name) => {
    const path = bounded(name);
    const free = newParts();
    const unbounded = await free.log.clock.run(path.run(free, {}, "per-call"));
    const parts = newParts();
    const result = await parts.log.clock.run(path.run(parts, { maxConcurrency: huge }, "per-call"));
    expect(result).toEqual(unbounded);
    expect(parts.log.peak).toBe(free.log.peak);
  });

  it("pmap shards and maxConcurrency, vmap batchSize: a bound past the batch is the whole batch at once", async () => {
    const parts = newParts();
    const batch = { query: Array.from({ length: WIDTH }, (_, i) => `q${i}`) };
    const member = parts.members[0]!;
    const [p, v] = await parts.log.clock.run(
      Promise.all([pmap(member, { maxConcurrency: huge, shards: huge }).invoke(batch as never), vmap(member, { batchSize: huge }).invoke(batch as never)]),
    );
    expect(p).toEqual(v);
    expect(parts.log.peak).toBe(2 * WIDTH);
    expect(parts.log.clock.now).toBe(2); // one round of 2-tick calls
  });

  it("a model timeout longer than one timer holds (2^31 ms and more) is held, not fired at once", async () => {
    const slow: Model = {
      id: "test:slow",
      generate: () => new Promise((resolve) => setTimeout(() => resolve({ model: "test:slow", text: "done", usage: { inputTokens: 1, outputTokens: 1 } }), 20)),
    };
    const model = new ManagedModel(slow, { timeoutMs: 2 ** 31 + 10, clock: systemClock, retry: false });
    await expect(model.generate({ prompt: "q" })).resolves.toMatchObject({ text: "done" });
  });
});
