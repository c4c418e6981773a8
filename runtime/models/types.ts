import type { StandardSchemaV1 } from "@standard-schema/spec";

/** An earlier turn of a conversation. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** One request to a language model: a prompt and its sampling settings. */
export interface ModelRequest {
  /** The user's message (the latest turn, after `messages`). */
  readonly prompt: string;
  readonly system?: string;
  /** The conversation so far, sent before `prompt`. */
  readonly messages?: readonly ChatMessage[];
  /**
   * Asks for structured output: JSON that fits this Standard Schema (zod, valibot, arktype…),
   * returned validated as the response's `object`. A reply that does not fit fails with a
   * `StructuredOutputError` naming the model and the path. Providers and the simulated model need
   * the schema's JSON Schema (Standard JSON Schema, e.g. zod 4).
   */
  readonly output?: StandardSchemaV1;
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
  /** With `output` in the request: the answer as the schema's validated value. */
  readonly object?: unknown;
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
