import { ModelRegistry, ModelUnit, meterUsage } from "xcs-jit";
import { flaky } from "./models.js";

const registry = new ModelRegistry();
registry.register(flaky, { retry: { maxRetries: 6, baseDelayMs: 5 } });

export async function meteredRun() {
  const units = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => new ModelUnit({ model: "simulated:flaky", seed, registry }));
  // Usage of every model call made inside the callback, however deep, and only those.
  const { result, usage } = await meterUsage(() => Promise.all(units.map((u) => u.invoke({ query: "Name a colour." }))));
  const { requests, retries, inputTokens, outputTokens } = usage.total;
  return { answers: result.map((r) => r.answer), requests, retries, inputTokens, outputTokens };
}
