import { describe, expect, it } from "vitest";
import { meterUsage, ModelRegistry, registerPrice } from "xcs-jit";
import { scriptedModel } from "./support.js";

describe("a model with no price", () => {
  it('is listed as "price unknown" in the report, its cost missing from the total rather than zero', async () => {
    const registry = new ModelRegistry();
    registry.register(scriptedModel("openai:gpt-4o", () => "a"));
    registry.register(scriptedModel("acme:mystery-1", () => "b"));
    const { usage } = await meterUsage(async () => {
      await registry.resolve("openai:gpt-4o").generate({ prompt: "x" });
      await registry.resolve("acme:mystery-1").generate({ prompt: "x" });
    });
    expect(usage.priceUnknown).toEqual(["acme:mystery-1"]);
    expect(usage.byModel["acme:mystery-1"]!.costUsd).toBeUndefined();
    expect(usage.total.costUsd).toBe(usage.byModel["openai:gpt-4o"]!.costUsd);
  });

  it("registerPrice prices it from then on, even for a model registered before", async () => {
    const registry = new ModelRegistry();
    const model = registry.register(scriptedModel("acme:mystery-2", () => "b"));
    registerPrice("mystery-2", { inputPerMillion: 1_000_000, outputPerMillion: 0 });
    const { usage } = await meterUsage(() => model.generate({ prompt: "x" }));
    expect(usage.priceUnknown).toEqual([]);
    expect(usage.total.costUsd).toBe(10); // 10 input tokens at $1 each
    expect(() => registerPrice("acme:x", { inputPerMillion: -1, outputPerMillion: 0 })).toThrow(
      'registerPrice("acme:x"): inputPerMillion must be a non-negative number of US dollars per million tokens, got -1',
    );
  });
});
