import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { executionOptions } from "xcs-jit";
import { resolveRunOptions, schedulerNames } from "../../runtime/options/index.js";

describe("resolveRunOptions: per call > executionOptions scope > decorator > default", () => {
  const scopeSignal = new AbortController().signal;
  const callSignal = new AbortController().signal;

  it("defaults to auto, unbounded, no signal", () => {
    expect(resolveRunOptions({}, {})).toEqual({ scheduler: "auto" });
  });

  it("takes the decorator's defaults when nothing else is given", () => {
    expect(resolveRunOptions({}, { strategy: "sequential", maxConcurrency: 3 })).toEqual({
      scheduler: "sequential",
      maxConcurrency: 3,
    });
  });

  it("lets the scope override the decorator, field by field", () => {
    const resolved = executionOptions({ scheduler: "parallel", signal: scopeSignal, trace: true }, () =>
      resolveRunOptions({}, { strategy: "sequential", maxConcurrency: 3 }),
    );
    expect(resolved).toEqual({ scheduler: "parallel", maxConcurrency: 3, signal: scopeSignal, trace: true });
  });

  it("lets per-call options override the scope, field by field", () => {
    const resolved = executionOptions({ scheduler: "parallel", maxConcurrency: 2, signal: scopeSignal }, () =>
      resolveRunOptions({ maxConcurrency: 5, signal: callSignal }, { strategy: "sequential" }),
    );
    expect(resolved).toEqual({ scheduler: "parallel", maxConcurrency: 5, signal: callSignal });
  });

  it("treats Infinity as lifting a bound set below it", () => {
    const resolved = executionOptions({ maxConcurrency: Infinity }, () => resolveRunOptions({}, { maxConcurrency: 2 }));
    expect(resolved).toEqual({ scheduler: "auto" });
  });
});

describe("resolveRunOptions (property)", () => {
  const signals = [new AbortController().signal, new AbortController().signal, new AbortController().signal];
  const level = fc.record(
    {
      scheduler: fc.constantFrom(...schedulerNames),
      maxConcurrency: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(Infinity)),
      signal: fc.constantFrom(...signals),
      trace: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const decorator = fc.record(
    { strategy: fc.constantFrom(...schedulerNames), maxConcurrency: fc.integer({ min: 1, max: 100 }) },
    { requiredKeys: [] },
  );

  it("takes each field from the nearest level that sets it", () => {
    fc.assert(
      fc.property(level, fc.option(level, { nil: undefined }), decorator, (perCall, scoped, defaults) => {
        const resolve = () => resolveRunOptions(perCall, defaults);
        const resolved = scoped ? executionOptions(scoped, resolve) : resolve();
        const nearest = <T>(...values: (T | undefined)[]) => values.find((v) => v !== undefined);
        const bound = nearest(perCall.maxConcurrency, scoped?.maxConcurrency, defaults.maxConcurrency);
        expect(resolved.scheduler).toBe(nearest(perCall.scheduler, scoped?.scheduler, defaults.strategy) ?? "auto");
        expect(resolved.maxConcurrency).toBe(bound === Infinity ? undefined : bound);
        expect(resolved.signal).toBe(nearest(perCall.signal, scoped?.signal));
        expect(resolved.trace).toBe(nearest(perCall.trace, scoped?.trace));
      }),
    );
  });
});
