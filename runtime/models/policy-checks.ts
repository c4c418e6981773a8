/**
 * Checks a model policy as strictly as execution options are checked: every field by name, typos
 * included, so `maxConcurency: 4` or `retry: true` fails at `register` instead of meaning "no
 * limit" in production.
 */
import { checkKnownKeys, checkOptionsObject, InvalidOptionError } from "../options/option-checks.js";
import { failureKinds } from "./errors.js";
import { MAX_RETRIES } from "./retry.js";
import type { ModelPolicy } from "./managed.js";

const policyFields = ["maxConcurrency", "requestsPerMinute", "retry", "timeoutMs", "price", "clock", "random", "cache"] as const;
const retryFields = ["maxRetries", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs", "deadlineMs", "retryOn"] as const;
const priceFields = ["inputPerMillion", "outputPerMillion"] as const;

/** Throws an `InvalidOptionError` naming the first bad field (`retry.maxRetries`, `price.inputPerMillion`). */
export function checkModelPolicy(source: string, policy: unknown): asserts policy is ModelPolicy {
  checkOptionsObject(source, policy);
  checkKnownKeys(source, policy, policyFields);
  const p = policy as Record<string, unknown>;
  positiveInteger(source, "maxConcurrency", p.maxConcurrency);
  positiveInteger(source, "requestsPerMinute", p.requestsPerMinute);
  if (p.timeoutMs !== undefined && !(typeof p.timeoutMs === "number" && p.timeoutMs > 0)) {
    throw new InvalidOptionError(source, "timeoutMs", p.timeoutMs, "a positive number of ms (Infinity for no timeout)");
  }
  checkRetry(source, p.retry);
  checkPrice(source, p.price);
  const clock = p.clock as { now?: unknown; sleep?: unknown } | undefined;
  if (clock !== undefined && (typeof clock !== "object" || clock === null || typeof clock.now !== "function" || typeof clock.sleep !== "function")) {
    throw new InvalidOptionError(source, "clock", clock, "a Clock ({ now(), sleep(ms, signal) })");
  }
  const cache = p.cache as { store?: { get?: unknown; set?: unknown }; anyTemperature?: unknown } | undefined;
  if (cache !== undefined && (typeof cache !== "object" || cache === null || typeof cache.store?.get !== "function" || typeof cache.store?.set !== "function")) {
    throw new InvalidOptionError(source, "cache", cache, "{ store: memoryCache() or diskCache(dir), anyTemperature? }");
  }
  if (cache?.anyTemperature !== undefined && typeof cache.anyTemperature !== "boolean") {
    throw new InvalidOptionError(source, "cache.anyTemperature", cache.anyTemperature, "a boolean");
  }
  if (p.random !== undefined && typeof p.random !== "function") {
    throw new InvalidOptionError(source, "random", p.random, "a function returning a number in [0, 1)");
  }
}

function positiveInteger(source: string, field: string, value: unknown): void {
  if (value !== undefined && !(typeof value === "number" && Number.isInteger(value) && value >= 1)) {
    throw new InvalidOptionError(source, field, value, "a positive integer");
  }
}

function nonNegative(source: string, field: string, value: unknown, integer = false, ceiling = Infinity): void {
  if (value !== undefined && !(typeof value === "number" && value >= 0 && value <= ceiling && (!integer || Number.isInteger(value)))) {
    const bound = ceiling === Infinity ? "" : ` of at most ${ceiling}`;
    throw new InvalidOptionError(source, field, value, `a non-negative ${integer ? "integer" : "number"}${bound}`);
  }
}

function checkRetry(source: string, retry: unknown): void {
  if (retry === undefined || retry === false) return;
  if (typeof retry !== "object" || retry === null || Array.isArray(retry)) {
    throw new InvalidOptionError(source, "retry", retry, "false or an object { maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs, deadlineMs, retryOn }");
  }
  knownKeys(source, "retry", retry, retryFields);
  const r = retry as Record<string, unknown>;
  nonNegative(source, "retry.maxRetries", r.maxRetries, true, MAX_RETRIES);
  for (const field of ["baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
    nonNegative(source, `retry.${field}`, r[field]);
    if (r[field] === Infinity && field !== "maxRetryAfterMs") throw new InvalidOptionError(source, `retry.${field}`, r[field], "a finite number of ms");
  }
  if (r.deadlineMs !== undefined && !(typeof r.deadlineMs === "number" && r.deadlineMs > 0)) {
    throw new InvalidOptionError(source, "retry.deadlineMs", r.deadlineMs, "a positive number of ms (Infinity for none)");
  }
  const kinds = r.retryOn;
  if (kinds !== undefined && !(Array.isArray(kinds) && kinds.every((kind) => failureKinds.includes(kind)))) {
    throw new InvalidOptionError(source, "retry.retryOn", kinds, `an array of ${failureKinds.map((k) => `"${k}"`).join(", ")}`);
  }
}

function checkPrice(source: string, price: unknown): void {
  if (price === undefined) return;
  if (typeof price !== "object" || price === null) {
    throw new InvalidOptionError(source, "price", price, "{ inputPerMillion, outputPerMillion } in US dollars");
  }
  knownKeys(source, "price", price, priceFields);
  for (const field of priceFields) {
    const value = (price as Record<string, unknown>)[field];
    if (!(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw new InvalidOptionError(source, `price.${field}`, value, "a non-negative number of US dollars per million tokens");
    }
  }
}

/** `checkKnownKeys` for a nested object: the error names `retry.maxRetrys`, not `maxRetrys`. */
function knownKeys(source: string, parent: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidOptionError(source, `${parent}.${key}`, (value as Record<string, unknown>)[key], `one of ${known.join(", ")} (unknown field)`);
    }
  }
}
