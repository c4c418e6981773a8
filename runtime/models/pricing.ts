import type { TokenUsage } from "./types.js";

/** US dollars per million tokens. */
export interface Price {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/**
 * List prices (standard tier, no caching or batch discounts) as published on the providers'
 * pricing pages — openai.com/api/pricing, anthropic.com/pricing, ai.google.dev/pricing — in
 * early 2025. Prices change: check them before relying on a cost figure, and pass `price` when
 * registering a model to override an entry or price a model missing here.
 * Keyed by model name without the provider, so `openai:gpt-4o` and a simulated `gpt-4o` cost the
 * same; dated snapshots (`gpt-4o-2024-08-06`) use the longest key they start with.
 */
export const PRICES: Readonly<Record<string, Price>> = {
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  "o3-mini": { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  "claude-3-5-sonnet": { inputPerMillion: 3, outputPerMillion: 15 },
  "claude-3-7-sonnet": { inputPerMillion: 3, outputPerMillion: 15 },
  "claude-3-5-haiku": { inputPerMillion: 0.8, outputPerMillion: 4 },
  "claude-3-opus": { inputPerMillion: 15, outputPerMillion: 75 },
  "gemini-2.0-flash": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
};

// Prices users registered, by full id or bare name; consulted before the table.
const registered = new Map<string, Price>();

/**
 * Prices `model` (`provider:model`, or a bare name for every provider) for every usage report in
 * the process from now on, overriding the table. A registry entry's own `price` still wins.
 */
export function registerPrice(model: string, price: Price): void {
  for (const field of ["inputPerMillion", "outputPerMillion"] as const) {
    const value = (price as unknown as Record<string, unknown> | undefined)?.[field];
    if (!(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`registerPrice("${model}"): ${field} must be a non-negative number of US dollars per million tokens, got ${JSON.stringify(value)}`);
    }
  }
  registered.set(model, { inputPerMillion: price.inputPerMillion, outputPerMillion: price.outputPerMillion });
}

/** The price registered for `provider:model`, else the table's (for it or its bare name), if any. */
export function listPrice(modelId: string): Price | undefined {
  const name = modelId.slice(modelId.indexOf(":") + 1);
  const own = registered.get(modelId) ?? registered.get(name);
  if (own) return own;
  let best: string | undefined;
  for (const key of Object.keys(PRICES)) {
    if ((name === key || name.startsWith(key + "-")) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : PRICES[best];
}

export function costOf(price: Price, usage: TokenUsage): number {
  return (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
}
