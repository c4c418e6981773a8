import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currentExecutionOptions, executionOptions, InvalidOptionError, type ExecutionOptions } from "xcs-jit";
import { LogicalClock } from "../support/index.js";

describe("executionOptions scope", () => {
  it("is visible across awaits inside fn and gone after it", async () => {
    const clock = new LogicalClock();
    const seen = await clock.run(() =>
      executionOptions({ scheduler: "sequential", maxConcurrency: 3 }, async () => {
        await clock.sleep(2);
        return currentExecutionOptions();
      }),
    );
    expect(seen).toEqual({ scheduler: "sequential", maxConcurrency: 3 });
    expect(currentExecutionOptions()).toBeUndefined();
  });

  it("returns fn's result, synchronous or not", async () => {
    expect(executionOptions({ trace: true }, () => 41 + 1)).toBe(42);
    await expect(executionOptions({ trace: true }, async () => "done")).resolves.toBe("done");
  });

  it("lets a nested scope override the outer one field by field", () => {
    const signal = new AbortController().signal;
    const seen = executionOptions({ scheduler: "parallel", maxConcurrency: 8, signal }, () =>
      executionOptions({ maxConcurrency: 2, scheduler: undefined }, () => currentExecutionOptions()),
    );
    expect(seen).toEqual({ scheduler: "parallel", maxConcurrency: 2, signal });
  });

  it("cannot be changed from inside", () => {
    executionOptions({ maxConcurrency: 2 }, () => {
      expect(Object.isFrozen(currentExecutionOptions())).toBe(true);
    });
  });

  it("keeps two interleaved requests apart", async () => {
    const clock = new LogicalClock();
    const request = (options: ExecutionOptions, ticks: number[]) =>
      executionOptions(options, async () => {
        const seen: (ExecutionOptions | undefined)[] = [];
        for (const t of ticks) {
          await clock.sleep(t);
          seen.push(currentExecutionOptions());
        }
        return seen;
      });
    const [a, b] = await clock.run(() =>
      Promise.all([request({ scheduler: "sequential" }, [1, 2, 1, 2]), request({ maxConcurrency: 5 }, [2, 1, 2, 1])]),
    );
    expect(a).toEqual(Array(4).fill({ scheduler: "sequential" }));
    expect(b).toEqual(Array(4).fill({ maxConcurrency: 5 }));
  });

  it("keeps any number of concurrent requests apart, whatever their interleaving (property)", async () => {
    const options = fc.record(
      {
        scheduler: fc.constantFrom("auto", "parallel", "sequential") as fc.Arbitrary<ExecutionOptions["scheduler"]>,
        maxConcurrency: fc.integer({ min: 1, max: 64 }),
        trace: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    const request = fc.record({ options, ticks: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 6 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 2, maxLength: 6 }), async (requests) => {
        const clock = new LogicalClock();
        const runs = requests.map(({ options, ticks }) =>
          executionOptions(options, async () => {
            let consistent = true;
            for (const t of ticks) {
              await clock.sleep(t);
              consistent &&= isDeepEqual(currentExecutionOptions(), options);
            }
            return consistent;
          }),
        );
        const results = await clock.run(() => Promise.all(runs));
        expect(results.every(Boolean)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe("invalid options", () => {
  const cases: [unknown, RegExp][] = [
    [{ scheduler: "fastest" }, /executionOptions: invalid option "scheduler": expected "auto" \| "parallel" \| "sequential", got "fastest"/],
    [{ maxConcurrency: 0 }, /invalid option "maxConcurrency": expected a positive integer or Infinity, got 0/],
    [{ maxConcurrency: -2 }, /invalid option "maxConcurrency".*got -2/],
    [{ maxConcurrency: 1.5 }, /invalid option "maxConcurrency".*got 1\.5/],
    [{ maxConcurrency: "4" }, /invalid option "maxConcurrency".*got "4"/],
    [{ maxConcurrency: NaN }, /invalid option "maxConcurrency".*got NaN/],
    [{ signal: { aborted: false } }, /invalid option "signal": expected an AbortSignal, got Object/],
    [{ trace: "yes" }, /invalid option "trace": expected a boolean/],
    [{ speculate: "no" }, /invalid option "speculate": expected a boolean/],
    [{ schedular: "parallel" }, /invalid option "schedular": expected one of scheduler, maxConcurrency, signal, trace, speculate \(unknown option\)/],
  ];

  it.each(cases)("rejects %o with an error naming the option", (options, message) => {
    let ran = false;
    const attempt = () => executionOptions(options as ExecutionOptions, () => (ran = true));
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
    expect(ran).toBe(false);
  });

  it("rejects options that are not an object", () => {
    expect(() => executionOptions(null as any, () => 0)).toThrow("executionOptions: options must be an object, got null");
  });

  it("accepts Infinity as an unbounded maxConcurrency", () => {
    expect(executionOptions({ maxConcurrency: Infinity }, () => currentExecutionOptions())).toEqual({ maxConcurrency: Infinity });
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}
