// Which language model the examples call: a real provider when OPENAI_API_KEY is set (any
// OpenAI-compatible endpoint, OPENAI_BASE_URL to change it, OPENAI_MODEL to pick the model),
// otherwise the simulated model from xcs-jit, so every example runs offline and in CI.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { SimulatedModel, models, type LatencyProfile } from "xcs-jit";
import { aiSdkModel } from "xcs-jit/ai-sdk";

/**
 * The hosted-model profile (HOSTED_MODEL_LATENCY: 450 ms to first token, 11 ms per token) scaled
 * down tenfold, so that a sequential run of an example stays within a second or two in CI while
 * keeping the shape of the distribution (same log-normal spread).
 */
const EXAMPLE_LATENCY: LatencyProfile = { ttftMs: 45, msPerToken: 1.1, sigma: 0.35 };

export interface ExampleModel {
  /** The registry name operators use, e.g. `simulated:gpt-4o-mini`. */
  readonly name: string;
  /** One line for the example's header. */
  readonly description: string;
}

/** Registers the examples' model in the process-wide registry and returns its name. */
export function registerExampleModel(env: NodeJS.ProcessEnv = process.env): ExampleModel {
  const modelId = env.OPENAI_MODEL ?? "gpt-4o-mini";
  const apiKey = env.OPENAI_API_KEY;
  if (apiKey) {
    const baseURL = env.OPENAI_BASE_URL ?? "https://api.openai.com/v1";
    const provider = createOpenAICompatible({ name: "openai", baseURL, apiKey });
    const name = `openai:${modelId}`;
    // Limits shared by every run in the process: at most 8 requests in flight, retries on 429s.
    models.register(aiSdkModel(provider.chatModel(modelId), { id: name }), { maxConcurrency: 8, retry: { maxRetries: 4 } });
    return { name, description: `${name} at ${baseURL}` };
  }
  const name = `simulated:${modelId}`;
  models.register(new SimulatedModel({ id: name, latency: EXAMPLE_LATENCY }));
  return { name, description: `${name} (offline; set OPENAI_API_KEY to call a real provider)` };
}
