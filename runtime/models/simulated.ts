import { systemClock, throwIfAborted, type Clock } from "./clock.js";
import { ModelTimeoutError, RateLimitError } from "./errors.js";
import { hashKey, logNormal, randomStream } from "./random.js";
import { simulatedObject } from "./simulated-object.js";
import { simulatedReply } from "./simulated-reply.js";
import { jsonSchemaOf, readStructured } from "./structured.js";
import { checkMessages } from "./messages.js";
import type { ChatMessage, Model, ModelCallOptions, ModelRequest, ModelResponse, ToolCallRecord } from "./types.js";

/**
 * Latency = time to first token + output tokens × time per token, each term log-normal around
 * its median with spread `sigma`.
 */
export interface LatencyProfile {
  readonly ttftMs: number;
  readonly msPerToken: number;
  readonly sigma: number;
}

/**
 * A GPT-4o-class hosted model. Order-of-magnitude figures, not a measurement of ours: the public
 * leaderboards of Artificial Analysis (artificialanalysis.ai, "Latency" and "Output speed",
 * 2024–25) reported medians of roughly 0.3–0.8 s to first token and 50–150 output tokens/s for
 * models of this class; we take 450 ms and ~90 tokens/s (11 ms/token). `sigma` = 0.35 is our
 * choice, giving a P95/median ratio of about 1.8, in line with the spread those pages show.
 */
export const HOSTED_MODEL_LATENCY: LatencyProfile = { ttftMs: 450, msPerToken: 11, sigma: 0.35 };

export interface FailureRates {
  /** Fraction of calls answered with a 429 (0..1). */
  readonly rateLimit?: number;
  /** Fraction of calls that hang for `timeoutMs`, then fail (0..1). */
  readonly timeout?: number;
  /** The `retry-after` the simulated 429 carries; default 1000 ms. */
  readonly retryAfterMs?: number;
  /** Default 30 000 ms. */
  readonly timeoutMs?: number;
}

export interface SimulatedModelOptions {
  /** `provider:model`; default `simulated:model`. */
  readonly id?: string;
  /** Different seeds are different "models": different answers and latencies. Default 0. */
  readonly seed?: number;
  /** A latency profile, or `{ fixedMs }` for the same latency on every call. */
  readonly latency?: LatencyProfile | { readonly fixedMs: number };
  readonly failures?: FailureRates;
  /** How many distinct answers a prompt can get at high temperature; default 4. */
  readonly variants?: number;
  readonly clock?: Clock;
}

/**
 * A language model without a network, for examples, tests and benchmarks. Answers, latencies and
 * injected failures are deterministic functions of the seed and the request. Failures are drawn
 * per attempt (the n-th identical request draws again), so a retried request can succeed while a
 * replay of the whole run fails and succeeds at exactly the same places.
 */
export class SimulatedModel implements Model {
  readonly id: string;
  private readonly key: string;
  private readonly clock: Clock;
  // Attempts per distinct request, kept only when failures are injected (one entry per request).
  private readonly attempts = new Map<string, number>();

  constructor(private readonly options: SimulatedModelOptions = {}) {
    this.id = options.id ?? "simulated:model";
    this.key = `${this.id}#${options.seed ?? 0}`;
    this.clock = options.clock ?? systemClock;
    checkRate("rateLimit", options.failures?.rateLimit);
    checkRate("timeout", options.failures?.timeout);
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    throwIfAborted(options.signal);
    checkMessages(this.id, request.messages);
    await this.maybeFail(request, options.signal);
    const { text, toolCalls } = await this.answer(request, options.signal);
    const usage = { inputTokens: countTokens((request.system ?? "") + conversation(request)), outputTokens: countTokens(text) };
    const latency = this.latencyFor(request, usage.outputTokens);
    if (options.onTextDelta) await this.streamText(text, latency, options.onTextDelta, options.signal);
    else await this.clock.sleep(latency, options.signal);
    // Validated once the whole answer is in, as a provider's streamed JSON can only be.
    const object = request.output && (await readStructured(this.id, request.output, text));
    return { text, ...(object !== undefined && { object }), ...(toolCalls && { toolCalls }), usage, model: this.id };
  }

  /**
   * Text, or with `output` JSON text of a value built from its JSON Schema. With `tools`, each
   * tool is called once first (in name order, with an input built from its schema) and the answer
   * is a function of their results too.
   */
  private async answer(request: ModelRequest, signal: AbortSignal | undefined): Promise<{ text: string; toolCalls?: ToolCallRecord[] }> {
    const toolCalls = request.tools && (await this.callTools(request, request.tools, signal));
    const withResults = toolCalls ? { ...request, prompt: `${request.prompt}\n${toolCalls.map((c) => `${c.tool}: ${JSON.stringify("output" in c ? c.output : String(c.error))}`).join("\n")}` } : request;
    return { ...this.reply(withResults), ...(toolCalls && { toolCalls }) };
  }

  private async callTools(request: ModelRequest, tools: NonNullable<ModelRequest["tools"]>, signal: AbortSignal | undefined): Promise<ToolCallRecord[]> {
    const calls: ToolCallRecord[] = [];
    for (const name of Object.keys(tools).sort()) {
      const tool = tools[name]!;
      const schema = jsonSchemaOf(tool.inputSchema);
      if (!schema) throw new TypeError(`${this.id}: tool "${name}" has an input schema without a JSON Schema (Standard JSON Schema)`);
      const input = simulatedObject(schema, randomStream(hashKey(this.key, "tool", name, requestKey(request))));
      try {
        calls.push({ tool: name, input, output: await tool.execute(input, { toolCallId: `${name}-${calls.length}`, messages: [], abortSignal: signal }) });
      } catch (error) {
        calls.push({ tool: name, input, error });
      }
    }
    return calls;
  }

  private reply(request: ModelRequest): { text: string } {
    const asked = { ...request, prompt: conversation(request) };
    if (!request.output) return { text: simulatedReply(this.key, asked, this.options.variants ?? 4) };
    const schema = jsonSchemaOf(request.output);
    if (!schema) {
      throw new TypeError(`${this.id}: the output schema has no JSON Schema (Standard JSON Schema), which the simulated model builds its answer from`);
    }
    // Indented, so a streamed answer comes in several pieces, as a provider's JSON does.
    return { text: JSON.stringify(simulatedObject(schema, randomStream(hashKey(this.key, "object", requestKey(request)))), null, 1) };
  }

  /** The same latency, spread over the words of the answer, each sent as it "arrives". */
  private async streamText(text: string, latency: number, onTextDelta: (delta: string) => void | Promise<void>, signal: AbortSignal | undefined): Promise<void> {
    const pieces = text.match(/\s*\S+/g) ?? [text];
    for (const piece of pieces) {
      await this.clock.sleep(latency / pieces.length, signal);
      await onTextDelta(piece);
    }
  }

  private latencyFor(request: ModelRequest, outputTokens: number): number {
    const latency = this.options.latency ?? HOSTED_MODEL_LATENCY;
    if ("fixedMs" in latency) return latency.fixedMs;
    const random = randomStream(hashKey(this.key, "latency", requestKey(request)));
    const ttft = logNormal(random, latency.ttftMs, latency.sigma);
    return ttft + outputTokens * logNormal(random, latency.msPerToken, latency.sigma);
  }

  private async maybeFail(request: ModelRequest, signal: AbortSignal | undefined): Promise<void> {
    const failures = this.options.failures;
    const rateLimit = failures?.rateLimit ?? 0;
    const timeout = failures?.timeout ?? 0;
    if (rateLimit === 0 && timeout === 0) return;
    const key = requestKey(request);
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    const draw = randomStream(hashKey(this.key, "failure", key, attempt))();
    if (draw < rateLimit) throw new RateLimitError(this.id, failures?.retryAfterMs ?? 1000);
    if (draw < rateLimit + timeout) {
      const timeoutMs = failures?.timeoutMs ?? 30_000;
      await this.clock.sleep(timeoutMs, signal);
      throw new ModelTimeoutError(this.id, timeoutMs);
    }
  }
}

/** The usual rule of thumb for English with BPE tokenizers: about four characters per token. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function requestKey(request: ModelRequest): string {
  return `${request.system ?? ""}\u0000${conversation(request)}\u0000${request.temperature ?? 0}\u0000${request.seed ?? 0}`;
}

/** The prompt after the conversation so far: what the simulated answer is a function of. */
function conversation(request: ModelRequest): string {
  if (!request.messages?.length) return request.prompt;
  return `${request.messages.map(turnText).join("\n")}\nuser: ${request.prompt}`;
}

/** A turn as text, tool calls and results included, so they shape the answer as a real model's. */
function turnText(message: ChatMessage): string {
  if (message.role === "tool") return `tool ${message.tool} (${message.toolCallId})${message.isError ? " failed" : ""}: ${JSON.stringify(message.output)}`;
  const calls = message.role === "assistant" ? (message.toolCalls ?? []) : [];
  return `${message.role}: ${message.content}${calls.map((call) => ` [calls ${call.tool} (${call.id}) with ${JSON.stringify(call.input)}]`).join("")}`;
}

function checkRate(name: string, rate: number | undefined): void {
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
    throw new RangeError(`SimulatedModel: failures.${name} must be between 0 and 1, got ${rate}`);
  }
}

/**
 * A registry fallback that answers any model name with a simulated model of that name, so that
 * programs written against real model names run without a network: `new ModelRegistry(
 * simulatedModels())`. A bare name `gpt-4o` becomes `simulated:gpt-4o`.
 */
export function simulatedModels(options: Omit<SimulatedModelOptions, "id"> = {}): (name: string) => Model {
  return (name) => new SimulatedModel({ ...options, id: name.includes(":") ? name : `simulated:${name}` });
}
