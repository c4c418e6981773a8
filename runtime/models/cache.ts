/**
 * Caching of model calls: content-addressed by the model and the whole request, in memory or in a
 * directory. Opt-in (a registry entry's `cache`, or `cacheModelCalls` around a run), and only for
 * temperature 0 unless asked: a sampled answer replayed is not a new sample.
 */
// Namespace imports: a browser bundle (whose Node built-ins are empty stand-ins) then builds and
// stops at runtime/async-scope.ts's message instead of at a missing export.
import * as crypto from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { createAsyncScope } from "../async-scope.js";
import { jsonSchemaOf } from "./structured.js";
import type { ModelRequest, ModelResponse } from "./types.js";

/** Where cached responses live. Both methods may be called concurrently, from several processes. */
export interface ModelCacheStore {
  get(key: string): Promise<ModelResponse | undefined>;
  set(key: string, response: ModelResponse): Promise<void>;
}

export interface ModelCacheOptions {
  readonly store: ModelCacheStore;
  /** Cache calls at any temperature, not only at 0. Default false. */
  readonly anyTemperature?: boolean;
}

/** An in-process store; `maxEntries` (default 10,000) evicts the least recently used. */
export function memoryCache(maxEntries = 10_000): ModelCacheStore {
  const entries = new Map<string, ModelResponse>();
  return {
    async get(key) {
      const hit = entries.get(key);
      if (hit !== undefined) entries.delete(key), entries.set(key, hit); // most recent last
      return hit;
    },
    async set(key, response) {
      entries.delete(key);
      entries.set(key, response);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}

/**
 * A store in `directory`, one JSON file per key. A write goes to a temporary file renamed into
 * place (atomic on one filesystem), so a reader, in this process or another, sees a whole entry or
 * none; two processes writing one key write the same content. An unreadable entry is a miss.
 */
export function diskCache(directory: string): ModelCacheStore {
  const made = fs.mkdir(directory, { recursive: true });
  const file = (key: string) => path.join(directory, `${key}.json`);
  return {
    async get(key) {
      try {
        return JSON.parse(await fs.readFile(file(key), "utf8")) as ModelResponse;
      } catch {
        return undefined;
      }
    },
    async set(key, response) {
      await made;
      const temporary = `${file(key)}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
      await fs.writeFile(temporary, JSON.stringify(storable(response)));
      await fs.rename(temporary, file(key));
    },
  };
}

/** Tool errors are Errors; stored, they keep their message. */
function storable(response: ModelResponse): ModelResponse {
  if (!response.toolCalls) return response;
  const toolCalls = response.toolCalls.map((call) => ("error" in call ? { ...call, error: String((call.error as Error)?.message ?? call.error) } : call));
  return { ...response, toolCalls };
}

/** The key: a SHA-256 of the model id and everything in the request that shapes the answer. */
export function cacheKey(model: string, request: ModelRequest): string {
  const content = {
    model,
    prompt: request.prompt,
    system: request.system,
    messages: request.messages,
    temperature: request.temperature ?? 0,
    seed: request.seed,
    maxOutputTokens: request.maxOutputTokens,
    output: request.output && (jsonSchemaOf(request.output) ?? "(schema without JSON Schema)"),
    tools: request.tools && Object.entries(request.tools).map(([name, tool]) => [name, tool.description, jsonSchemaOf(tool.inputSchema)]),
    maxToolSteps: request.maxToolSteps,
  };
  return crypto.createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/** Whether `options` caches `request`: temperature 0, or any when asked. */
export function caches(options: ModelCacheOptions | undefined, request: ModelRequest): options is ModelCacheOptions {
  return options !== undefined && ((request.temperature ?? 0) === 0 || options.anyTemperature === true);
}

const runCache = createAsyncScope<ModelCacheOptions>();

/** Caches the model calls made inside `fn` (every registry model, however deep), in `options.store`. */
export function cacheModelCalls<T>(options: ModelCacheOptions, fn: () => T): T {
  return runCache.run(options, fn);
}

/** The run's cache, if the caller is inside `cacheModelCalls`. */
export function currentRunCache(): ModelCacheOptions | undefined {
  return runCache.getStore();
}
