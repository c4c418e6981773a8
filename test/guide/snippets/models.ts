import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { ModelRegistry, SimulatedModel, models, simulatedModels } from "xcs-jit";
import { aiSdkModel } from "xcs-jit/ai-sdk";

// Offline: any "provider:model" name becomes a simulated model of that name.
export const offline = new ModelRegistry(simulatedModels());

// A simulated model that fails like a busy provider: half of all attempts get a 429.
export const flaky = new SimulatedModel({
  id: "simulated:flaky",
  latency: { fixedMs: 1 },
  failures: { rateLimit: 0.5, retryAfterMs: 10 },
});

// A real provider in the process-wide registry that operators use by default. The limits are
// shared by every run in the process; 429s are retried with backoff, never before retry-after.
export function registerOpenAI(apiKey: string, baseURL = "https://api.openai.com/v1") {
  const openai = createOpenAICompatible({ name: "openai", baseURL, apiKey });
  return models.register(aiSdkModel(openai.chatModel("gpt-4o-mini"), { id: "openai:gpt-4o-mini" }), {
    maxConcurrency: 16,
    requestsPerMinute: 500,
    retry: { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 },
  });
}
