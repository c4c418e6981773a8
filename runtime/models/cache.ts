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
import { checkKnownKeys, checkOptionsObject, InvalidOptionError } from "../options/option-checks.js";
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

/** `diskCache`'s default bound on the bytes its entries take: 256 MiB. */
export const DEFAULT_DISK_CACHE_BYTES = 256 * 1024 * 1024;

export interface DiskCacheOptions {
  /**
   * The most bytes the entries may take (default `DEFAULT_DISK_CACHE_BYTES`, 256 MiB). A write
   * that goes past it evicts the least recently used entries (by their last write or hit) until
   * the entries take at most 90% of it.
   */
  readonly maxBytes?: number;
}

/**
 * A store in `directory`, one JSON file per key. A write goes to a temporary file renamed into
 * place (atomic on one filesystem), so a reader, in this process or another, sees a whole entry or
 * none; two processes writing one key write the same content. An unreadable entry is a miss.
 *
 * Bounded by `maxBytes`: every write, once renamed into place, lists the directory (each entry is
 * stat'ed the first time this process sees it), so it counts what other processes wrote too; past
 * the bound it stats every entry afresh (the last-used stamps other processes left) and removes
 * the oldest. An entry's modification time is its last use: set when written and on every hit.
 * Several processes may evict at once: an entry gone already is skipped, and a read of an entry
 * removed under it is a miss.
 */
export function diskCache(directory: string, options: DiskCacheOptions = {}): ModelCacheStore {
  const maxBytes = checkDiskCacheOptions(options);
  const made = fs.mkdir(directory, { recursive: true });
  const file = (key: string) => path.join(directory, `${key}.json`);
  const sizes = new Map<string, number>(); // entry file name → bytes, as this process last saw it
  let bookkeeping: Promise<void> = Promise.resolve();
  return {
    async get(key) {
      let response: ModelResponse;
      try {
        response = JSON.parse(await fs.readFile(file(key), "utf8")) as ModelResponse;
      } catch {
        return undefined;
      }
      const now = useStamp();
      await fs.utimes(file(key), now, now).catch(() => {}); // evicted meanwhile by another process: still a hit
      return response;
    },
    async set(key, response) {
      await made;
      const temporary = `${file(key)}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
      await fs.writeFile(temporary, JSON.stringify(storable(response)));
      const now = useStamp();
      await fs.utimes(temporary, now, now); // stamped before it appears: the entry is never seen older than it is
      await fs.rename(temporary, file(key));
      // One bound check at a time in this process: the next one sees what this one removed.
      const check = bookkeeping.then(() => keepWithin(directory, maxBytes, sizes));
      bookkeeping = check.catch(() => {});
      await check;
    },
  };
}

/** The bound, checked as `InvalidOptionError`s name fields everywhere else. */
function checkDiskCacheOptions(options: DiskCacheOptions): number {
  const source = "diskCache";
  checkOptionsObject(source, options);
  checkKnownKeys(source, options, ["maxBytes"]);
  const { maxBytes } = options;
  if (maxBytes !== undefined && !(typeof maxBytes === "number" && maxBytes > 0)) {
    throw new InvalidOptionError(source, "maxBytes", maxBytes, "a positive number of bytes (Infinity for no bound)");
  }
  return maxBytes ?? DEFAULT_DISK_CACHE_BYTES;
}

let lastStamp = 0;

/**
 * The time an entry is stamped with on a write or a hit, in seconds: strictly later than this
 * process's previous stamp, so two uses within one millisecond still order as they happened.
 */
function useStamp(): number {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp / 1000;
}

/** Past `maxBytes`, removes the least recently used entries until they take at most 90% of it. */
async function keepWithin(directory: string, maxBytes: number, sizes: Map<string, number>): Promise<void> {
  if (maxBytes === Infinity) return;
  const names = (await fs.readdir(directory)).filter((name) => name.endsWith(".json"));
  const present = new Set(names);
  for (const name of sizes.keys()) if (!present.has(name)) sizes.delete(name);
  let total = 0;
  for (const name of names) {
    let size = sizes.get(name);
    if (size === undefined) {
      size = (await statOf(directory, name))?.size ?? 0;
      sizes.set(name, size);
    }
    total += size;
  }
  if (total <= maxBytes) return;
  // Fresh stats: other processes' hits moved their entries' stamps since this process saw them.
  const entries: { name: string; size: number; used: number }[] = [];
  for (const name of names) {
    const stat = await statOf(directory, name);
    if (stat) entries.push({ name, size: stat.size, used: stat.mtimeMs });
    else sizes.delete(name);
  }
  entries.sort((a, b) => a.used - b.used);
  total = entries.reduce((sum, entry) => sum + entry.size, 0);
  for (const entry of entries) {
    if (total <= maxBytes * 0.9) break;
    await fs.rm(path.join(directory, entry.name), { force: true }); // another process may have removed it first
    sizes.delete(entry.name);
    total -= entry.size;
  }
}

/** The entry's stat, or undefined when another process removed it meanwhile. */
async function statOf(directory: string, name: string) {
  try {
    return await fs.stat(path.join(directory, name));
  } catch {
    return undefined;
  }
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
