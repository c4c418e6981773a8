import type { StandardSchemaV1 } from "@standard-schema/spec";

/** A tool call an earlier assistant turn made; `id` pairs it with the `tool` turn that answers it. */
export interface ToolCallTurn {
  readonly id: string;
  readonly tool: string;
  readonly input: unknown;
}

/**
 * An earlier turn of a conversation: text from the system, the user or the assistant; an
 * assistant turn may also have called tools, and each call is answered by a later `tool` turn
 * carrying its result (`output`, a JSON value; `isError` when the tool failed and `output` says
 * how).
 */
export type ChatMessage =
  | { readonly role: "system" | "user"; readonly content: string }
  | { readonly role: "assistant"; readonly content: string; readonly toolCalls?: readonly ToolCallTurn[] }
  | { readonly role: "tool"; readonly toolCallId: string; readonly tool: string; readonly output: unknown; readonly isError?: boolean };

/**
 * A tool the model may call, in the AI SDK's shape (an AI SDK `tool({ description, inputSchema,
 * execute })` is one): `inputSchema` a Standard Schema with a JSON Schema (zod 4).
 */
export interface ModelTool {
  readonly description?: string;
  readonly inputSchema: StandardSchemaV1;
  execute(input: any, options: { readonly toolCallId: string; readonly messages: unknown[]; readonly abortSignal?: AbortSignal }): unknown;
}

/** One tool call the model made while answering, with what the tool returned or threw. */
export type ToolCallRecord =
  | { readonly tool: string; readonly input: unknown; readonly output: unknown }
  | { readonly tool: string; readonly input: unknown; readonly error: unknown };

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
  /** Tools the model may call before it answers; their calls are in the response's `toolCalls`. */
  readonly tools?: Readonly<Record<string, ModelTool>>;
  /** The most model steps (each may call tools) before the answer; default 5. */
  readonly maxToolSteps?: number;
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
  /** With `tools` in the request: every tool call made, in order, with its result. */
  readonly toolCalls?: readonly ToolCallRecord[];
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
