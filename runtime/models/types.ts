/** One request to a language model: a prompt and its sampling settings. */
export interface ModelRequest {
  readonly prompt: string;
  readonly system?: string;
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
  /** Sampling seed; units of an ensemble pass different seeds so their answers can differ. */
  readonly seed?: number;
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface ModelResponse {
  readonly text: string;
  readonly usage: TokenUsage;
  /** The `provider:model` id of the model that answered. */
  readonly model: string;
}

export interface ModelCallOptions {
  readonly signal?: AbortSignal;
  /**
   * Asks the model to stream its answer: called with each piece of text as it arrives. A returned
   * promise is waited for before the next piece is read (back-pressure for a slow reader).
   */
  readonly onTextDelta?: (delta: string) => void | Promise<void>;
}

/**
 * Anything that answers prompts: the simulated model, the AI SDK adapter, a registry entry with
 * its limits, or a user's own client.
 */
export interface Model {
  /** `provider:model`, e.g. `openai:gpt-4o`. */
  readonly id: string;
  generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
}
