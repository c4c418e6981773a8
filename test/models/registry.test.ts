import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModelRegistry, SimulatedModel, UnknownModelError, simulatedModels } from "xcs-jit";

describe("ModelRegistry", () => {
  it("resolves provider:model names, and bare model names when one provider has them", () => {
    const registry = new ModelRegistry();
    const gpt = registry.register(new SimulatedModel({ id: "openai:gpt-4o" }));
    const claude = registry.register(new SimulatedModel({ id: "anthropic:claude-3-5-sonnet" }));
    expect(registry.resolve("openai:gpt-4o")).toBe(gpt);
    expect(registry.resolve("gpt-4o")).toBe(gpt);
    expect(registry.resolve("claude-3-5-sonnet")).toBe(claude);
    expect(registry.names()).toEqual(["openai:gpt-4o", "anthropic:claude-3-5-sonnet"]);
    expect(registry.has("gpt-4o")).toBe(true);
    expect(registry.has("gpt-5")).toBe(false);
  });

  it("names what it knows when a name is unknown or ambiguous", () => {
    const registry = new ModelRegistry();
    expect(() => registry.resolve("gpt-4o")).toThrow('unknown model "gpt-4o": no models are registered');
    registry.register(new SimulatedModel({ id: "openai:gpt-4o" }));
    registry.register(new SimulatedModel({ id: "azure:gpt-4o" }));
    expect(() => registry.resolve("openai:gpt-5")).toThrow('unknown model "openai:gpt-5": registered: openai:gpt-4o, azure:gpt-4o');
    expect(() => registry.resolve("gpt-4o")).toThrow(UnknownModelError);
    expect(() => registry.resolve("gpt-4o")).toThrow("ambiguous, name the provider: openai:gpt-4o, azure:gpt-4o");
  });

  it("registers only provider:model names", () => {
    const registry = new ModelRegistry();
    expect(() => registry.register(new SimulatedModel({ id: "gpt-4o" }))).toThrow('model names are "provider:model"');
    expect(() => registry.register(new SimulatedModel(), {}, "openai: gpt-4o")).toThrow(UnknownModelError);
  });

  it("a fallback answers unknown names once, then the same managed model is reused", async () => {
    const registry = new ModelRegistry(simulatedModels({ latency: { fixedMs: 0 } }));
    const bare = registry.resolve("gpt-4o");
    expect(bare.id).toBe("simulated:gpt-4o");
    expect(registry.resolve("gpt-4o")).toBe(bare);
    expect(registry.resolve("simulated:gpt-4o")).toBe(bare);
    const named = registry.resolve("anthropic:claude-3-5-sonnet");
    expect(named.id).toBe("anthropic:claude-3-5-sonnet");
    expect(registry.resolve("anthropic:claude-3-5-sonnet")).toBe(named);
    expect((await bare.generate({ prompt: "hi" })).model).toBe("simulated:gpt-4o");
  });

  it("what a name resolves to does not depend on which names were resolved before", () => {
    const names = ["gpt-4o", "openai:gpt-4o", "azure:gpt-4o", "simulated:gpt-4o", "claude-3-5-sonnet", "anthropic:claude-3-5-sonnet"];
    /** Each name's model id, or its error, after resolving the names in `order`. */
    const outcomes = (order: readonly string[]) => {
      const registry = new ModelRegistry(simulatedModels({ latency: { fixedMs: 0 } }));
      registry.register(new SimulatedModel({ id: "anthropic:claude-3-5-sonnet" }));
      const outcome: Record<string, string> = {};
      for (const name of order) {
        try {
          outcome[name] = registry.resolve(name).id;
        } catch (error) {
          outcome[name] = (error as Error).message;
        }
      }
      return outcome;
    };
    const reference = outcomes(names);
    // A bare name nobody registered is the fallback's, however many providers the fallback made.
    expect(reference).toEqual({
      "gpt-4o": "simulated:gpt-4o",
      "openai:gpt-4o": "openai:gpt-4o",
      "azure:gpt-4o": "azure:gpt-4o",
      "simulated:gpt-4o": "simulated:gpt-4o",
      "claude-3-5-sonnet": "anthropic:claude-3-5-sonnet",
      "anthropic:claude-3-5-sonnet": "anthropic:claude-3-5-sonnet",
    });
    fc.assert(
      fc.property(fc.shuffledSubarray(names, { minLength: names.length }), (order) => {
        expect(outcomes(order)).toEqual(reference);
      }),
      { seed: 17, numRuns: 100 },
    );
  });
});
