/**
 * The Vercel AI SDK adapter, a separate entry (`xcs-jit/ai-sdk`) so that `xcs-jit` itself never
 * needs the optional `ai` peer dependency.
 */
import { APICallError, generateText, NoObjectGeneratedError, Output, stepCountIs, streamText, type LanguageModel, type ModelMessage, type StepResult, type ToolResultPart, type ToolSet } from "ai";
import { failureKind, ModelConnectionError, ModelServerError, ModelTimeoutError, RateLimitError } from "./errors.js";
import { readStructured, StructuredOutputError } from "./structured.js";
import { checkMessages } from "./messages.js";
import type { ChatMessage, Model, ModelCallOptions, ModelRequest, ModelResponse, ToolCallRecord } from "./types.js";

export interface AiSdkModelOptions {
  /** `provider:model`; by default taken from the model (`openai.chat` + `gpt-4o` → `openai:gpt-4o`). */
  readonly id?: string;
}

/**
 * Any AI SDK `LanguageModel` as a `Model`. The SDK's own retries are off (`maxRetries: 0`):
 * retries belong to the registry, which honours `retry-after` (the SDK does not) and shares its
 * limits across runs. A 429 becomes a `RateLimitError` carrying the provider's `retry-after-ms`
 * or `retry-after`; a 408 a `ModelTimeoutError`; a 5xx a `ModelServerError`; a connection that
 * failed or was reset a `ModelConnectionError`; other errors (other 4xx) pass through unchanged.
 */
export function aiSdkModel(model: LanguageModel, options: AiSdkModelOptions = {}): Model {
  const id = options.id ?? idOf(model);
  return {
    id,
    async generate(request: ModelRequest, call: ModelCallOptions = {}): Promise<ModelResponse> {
      checkMessages(id, request.messages);
      const settings = {
        model,
        ...(request.messages?.length
          ? { messages: [...request.messages.map(modelMessage), { role: "user", content: request.prompt } as const] }
          : { prompt: request.prompt }),
        system: request.system,
        temperature: request.temperature,
        maxOutputTokens: request.maxOutputTokens,
        seed: request.seed,
        abortSignal: call.signal,
        maxRetries: 0,
        ...(request.tools && { tools: request.tools as unknown as ToolSet, stopWhen: stepCountIs(request.maxToolSteps ?? 5) }),
      };
      try {
        if (call.onTextDelta) return await streamed(id, settings, call.onTextDelta, call.signal, request.output);
        if (request.output) return await structured(id, settings, request.output);
        const result = await generateText(settings);
        return withToolCalls({ text: result.text, usage: usageOf(result.totalUsage), model: id }, result.steps);
      } catch (error) {
        throw translateError(id, error);
      }
    },
  };
}

/**
 * `generateText` with `Output.object`: the provider is asked for JSON of the schema (its
 * `response_format`), and the SDK validates it. A reply that does not fit is read again here, so
 * that the error names the model and the path in the value, as the simulated model's does.
 */
async function structured(id: string, settings: Parameters<typeof generateText>[0], schema: NonNullable<ModelRequest["output"]>): Promise<ModelResponse> {
  try {
    const result = await generateText({ ...settings, output: Output.object({ schema: schema as never }) });
    return withToolCalls({ text: result.text, object: result.output, usage: usageOf(result.totalUsage), model: id }, result.steps);
  } catch (error) {
    if (!NoObjectGeneratedError.isInstance(error)) throw error;
    const text = error.text ?? "";
    await readStructured(id, schema, text); // throws the error that names the path
    throw new StructuredOutputError(id, "(root)", error.message, text); // the SDK refused what the schema accepts
  }
}

/**
 * `streamText`, each text delta handed on as it arrives (and waited for, so a slow reader slows
 * the reading of the response). An error part is thrown, as `generateText` would throw it. With
 * an output schema the provider is asked for JSON of it (`Output.object`), the deltas are that
 * JSON as it comes, and the whole text is validated at the end by the reader every model shares,
 * so a mismatch names the model and the path.
 */
async function streamed(
  id: string,
  settings: Parameters<typeof streamText>[0],
  onTextDelta: (delta: string) => void | Promise<void>,
  signal: AbortSignal | undefined,
  schema: ModelRequest["output"],
): Promise<ModelResponse> {
  const result = streamText({ ...settings, ...(schema && { output: Output.object({ schema: schema as never }) }), onError: () => {} });
  let text = "";
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") {
      text += part.text;
      await onTextDelta(part.text);
    } else if (part.type === "error") throw part.error;
  }
  signal?.throwIfAborted(); // an aborted stream ends quietly: the call did not answer
  const object = schema && (await readStructured(id, schema, text));
  return withToolCalls({ text, ...(schema && { object }), usage: usageOf(await result.totalUsage), model: id }, await result.steps);
}

/** A turn in the AI SDK's shape: tool calls as `tool-call` parts, a tool turn as a `tool-result`. */
function modelMessage(message: ChatMessage): ModelMessage {
  switch (message.role) {
    case "tool": {
      const { output, isError } = message;
      const result = typeof output === "string" ? { type: isError ? "error-text" : "text", value: output } : { type: isError ? "error-json" : "json", value: output };
      return { role: "tool", content: [{ type: "tool-result", toolCallId: message.toolCallId, toolName: message.tool, output: result as ToolResultPart["output"] }] };
    }
    case "assistant": {
      if (!message.toolCalls?.length) return { role: "assistant", content: message.content };
      const calls = message.toolCalls.map((call) => ({ type: "tool-call" as const, toolCallId: call.id, toolName: call.tool, input: call.input }));
      return { role: "assistant", content: [...(message.content ? [{ type: "text" as const, text: message.content }] : []), ...calls] };
    }
    default:
      return { role: message.role, content: message.content };
  }
}

/** The response with the tool calls of every step and their results (or errors), in order. */
function withToolCalls(response: ModelResponse, steps: readonly StepResult<ToolSet>[]): ModelResponse {
  const calls: ToolCallRecord[] = [];
  for (const part of steps.flatMap((step) => step.content)) {
    if (part.type === "tool-result") calls.push({ tool: part.toolName, input: part.input, output: part.output });
    else if (part.type === "tool-error") calls.push({ tool: part.toolName, input: part.input, error: part.error });
  }
  return calls.length === 0 ? response : { ...response, toolCalls: calls };
}

function usageOf(usage: { inputTokens?: number; outputTokens?: number }) {
  return { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 };
}

function translateError(id: string, error: unknown): unknown {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === 429) return new RateLimitError(id, retryAfterMs(error.responseHeaders), { cause: error });
    if (status === 408) return new ModelTimeoutError(id, undefined, { cause: error });
    if (status !== undefined && status >= 500 && status <= 599) return new ModelServerError(id, status, { cause: error });
    if (status === undefined && error.isRetryable) return new ModelConnectionError(id, error.message, { cause: error });
    return error;
  }
  // A socket dropped while the body was read surfaces as fetch's own error, its cause the socket's.
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause !== error && failureKind(cause) === "connection") return new ModelConnectionError(id, cause.message, { cause: error });
  }
  return error;
}

/** `retry-after-ms` (OpenAI's precise header), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const ms = Number.parseFloat(lower["retry-after-ms"] ?? "");
  if (Number.isFinite(ms)) return Math.max(0, ms);
  const header = lower["retry-after"];
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (header.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function idOf(model: LanguageModel): string {
  if (typeof model === "string") return model.replace("/", ":");
  return `${model.provider.split(".")[0]}:${model.modelId}`;
}
