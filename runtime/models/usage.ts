import { createAsyncScope } from "../async-scope.js";
import { currentNode } from "../events/node-scope.js";
import type { TokenUsage } from "./types.js";

/** What one model did during a run. */
export interface ModelUsage {
  /** Calls that returned an answer. */
  readonly requests: number;
  /** Calls that failed after their last attempt. */
  readonly failures: number;
  /** Extra attempts made after transient failures (rate limits, timeouts). */
  readonly retries: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** US dollars; `undefined` when the model has no price (see `pricing.ts`). */
  readonly costUsd: number | undefined;
  /** Calls answered from a model cache (not requests: nothing was sent or paid). */
  readonly cacheHits: number;
  /** What the cache hits would have cost at the model's price; `undefined` when none was priced. */
  readonly savedUsd: number | undefined;
}

export interface UsageReport {
  readonly byModel: Readonly<Record<string, ModelUsage>>;
  /** `costUsd` is the sum over priced models only: see `priceUnknown`. */
  readonly total: ModelUsage;
  /**
   * Models that answered but have no price (not in the table, none registered): their cost is
   * unknown, not zero, and is missing from `total.costUsd`. `registerPrice` adds one.
   */
  readonly priceUnknown: readonly string[];
}

/** One finished model call, as the registry's managed models report it. */
export interface CallRecord {
  readonly model: string;
  readonly usage?: TokenUsage;
  readonly costUsd?: number;
  readonly retries: number;
  readonly failed: boolean;
  /** Answered from a cache: `usage` and `costUsd` are what it would have used, saved. */
  readonly cached?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Sums call records per model. */
export class UsageLedger {
  private readonly byModel = new Map<string, Mutable<ModelUsage>>();

  record(call: CallRecord): void {
    let entry = this.byModel.get(call.model);
    if (!entry) this.byModel.set(call.model, (entry = emptyUsage()));
    add(entry, call);
  }

  report(): UsageReport {
    const total = emptyUsage();
    const byModel: Record<string, ModelUsage> = {};
    for (const [model, usage] of this.byModel) {
      byModel[model] = { ...usage };
      total.requests += usage.requests;
      total.failures += usage.failures;
      total.retries += usage.retries;
      total.inputTokens += usage.inputTokens;
      total.outputTokens += usage.outputTokens;
      if (usage.costUsd !== undefined) total.costUsd = (total.costUsd ?? 0) + usage.costUsd;
      total.cacheHits += usage.cacheHits;
      if (usage.savedUsd !== undefined) total.savedUsd = (total.savedUsd ?? 0) + usage.savedUsd;
    }
    const priceUnknown = Object.keys(byModel).filter((model) => byModel[model]!.requests > 0 && byModel[model]!.costUsd === undefined);
    return { byModel, total, priceUnknown };
  }
}

function emptyUsage(): Mutable<ModelUsage> {
  return { requests: 0, failures: 0, retries: 0, inputTokens: 0, outputTokens: 0, costUsd: undefined, cacheHits: 0, savedUsd: undefined };
}

function add(entry: Mutable<ModelUsage>, call: CallRecord): void {
  if (call.cached) {
    entry.cacheHits++;
    if (call.costUsd !== undefined) entry.savedUsd = (entry.savedUsd ?? 0) + call.costUsd;
    return;
  }
  if (call.failed) entry.failures++;
  else entry.requests++;
  entry.retries += call.retries;
  entry.inputTokens += call.usage?.inputTokens ?? 0;
  entry.outputTokens += call.usage?.outputTokens ?? 0;
  if (call.costUsd !== undefined) entry.costUsd = (entry.costUsd ?? 0) + call.costUsd;
}

// The ledgers of every enclosing `meterUsage`, innermost last. Model calls are milliseconds long,
// so one store lookup per call is noise; the scheduler's per-node path never touches this.
const meters = createAsyncScope<readonly UsageLedger[]>();

/**
 * Runs `fn` and reports the model usage and cost of every registry model call made inside it,
 * however deeply nested and however parallel. Concurrent meters never see each other's calls;
 * a nested meter's calls also count in the enclosing one. When `fn` fails, `meterUsage` rejects
 * with its error and `usageOf(error)` reports the usage up to the failure.
 */
export async function meterUsage<T>(fn: () => Promise<T> | T): Promise<{ result: T; usage: UsageReport }> {
  const ledger = new UsageLedger();
  try {
    const result = await meters.run([...(meters.getStore() ?? []), ledger], fn);
    return { result, usage: ledger.report() };
  } catch (error) {
    // The run's own error, unchanged (callers match on it), with what the calls that succeeded
    // before it failed were paid for: `usageOf(error)`.
    if (typeof error === "object" && error !== null) failedRuns.set(error, ledger.report());
    throw error;
  }
}

const failedRuns = new WeakMap<object, UsageReport>();

/**
 * The usage of the `meterUsage` run that failed with `error`: the calls that succeeded (paid for)
 * and the ones that failed, as a successful run reports them. When meters are nested, the
 * outermost one the error left last. `undefined` for an error no meter saw (or a thrown primitive).
 */
export function usageOf(error: unknown): UsageReport | undefined {
  return typeof error === "object" && error !== null ? failedRuns.get(error) : undefined;
}

/** Adds a call to every meter enclosing the caller, and to the streamed run's node making it. */
export function recordCall(call: CallRecord): void {
  const ledgers = meters.getStore();
  if (ledgers) for (const ledger of ledgers) ledger.record(call);
  currentNode()?.recordModelCall(call); // a streamed run's node event carries its usage
}
