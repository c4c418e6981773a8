import { describe, expect, it } from "vitest";
import { InvalidOptionError, ModelRegistry, SimulatedModel, type ModelPolicy } from "xcs-jit";

/** The error `register` throws for `policy`, which must name `option`. */
function rejection(policy: unknown): InvalidOptionError {
  const registry = new ModelRegistry();
  try {
    registry.register(new SimulatedModel({ id: "openai:gpt-4o" }), policy as ModelPolicy);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    // Nothing half-registered is left behind.
    expect(registry.names()).toEqual([]);
    return error as InvalidOptionError;
  }
  throw new Error(`register accepted ${JSON.stringify(policy)}`);
}

describe("registry.register checks the policy field by field", () => {
  it.each<[string, unknown, string, string]>([
    ["a fractional concurrency", { maxConcurrency: 1.5 }, "maxConcurrency", "expected a positive integer, got 1.5"],
    ["a concurrency given as a string", { maxConcurrency: "3" }, "maxConcurrency", 'expected a positive integer, got "3"'],
    ["a typo in a field name", { maxConcurency: 4 }, "maxConcurency", "expected one of maxConcurrency, requestsPerMinute, retry, timeoutMs, price, clock, random, cache (unknown option)"],
    ["retry: true", { retry: true }, "retry", "expected false or an object"],
    ["a typo inside retry", { retry: { maxRetrys: 2 } }, "retry.maxRetrys", "expected one of maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs, deadlineMs, retryOn (unknown field), got 2"],
    ["an unknown failure kind", { retry: { retryOn: ["rate-limit", "400"] } }, "retry.retryOn", 'expected an array of "rate-limit", "server", "connection", "timeout"'],
    ["a zero deadline", { retry: { deadlineMs: 0 } }, "retry.deadlineMs", "expected a positive number of ms"],
    ["a negative price", { price: { inputPerMillion: -1, outputPerMillion: 2 } }, "price.inputPerMillion", "expected a non-negative number of US dollars per million tokens, got -1"],
    ["a price given as a string", { price: { inputPerMillion: 1, outputPerMillion: "2" } }, "price.outputPerMillion", 'expected a non-negative number of US dollars per million tokens, got "2"'],
    ["a price missing a field", { price: { inputPerMillion: 1 } }, "price.outputPerMillion", "expected a non-negative number of US dollars per million tokens, got undefined"],
    ["a zero timeout", { timeoutMs: 0 }, "timeoutMs", "expected a positive number of ms (Infinity for no timeout), got 0"],
    ["a clock that is not one", { clock: Date }, "clock", "expected a Clock"],
  ])("%s", (_, policy, option, expected) => {
    const error = rejection(policy);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`ModelRegistry.register("openai:gpt-4o"): invalid option "${option}": ${expected}`);
  });

  it("accepts every field at a valid value, Infinity turning the timeout and the deadline off", () => {
    const registry = new ModelRegistry();
    const policy: ModelPolicy = {
      maxConcurrency: 3,
      requestsPerMinute: 60,
      retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 10, maxRetryAfterMs: 5_000, deadlineMs: Infinity, retryOn: ["server"] },
      timeoutMs: Infinity,
      price: { inputPerMillion: 0, outputPerMillion: 1.5 },
      random: () => 0,
    };
    expect(registry.register(new SimulatedModel({ id: "openai:gpt-4o" }), policy).id).toBe("openai:gpt-4o");
    expect(registry.register(new SimulatedModel({ id: "openai:o3" }), { retry: false }).id).toBe("openai:o3");
  });

  it("checks the fallback's policy when the registry is made, not at the first resolve", () => {
    expect(() => new ModelRegistry(() => new SimulatedModel(), { requestsPerMinute: -5 })).toThrow(
      'ModelRegistry: fallbackPolicy: invalid option "requestsPerMinute": expected a positive integer, got -5',
    );
  });
});
