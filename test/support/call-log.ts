import type { LogicalClock } from "./clock.js";

/** One call of a fake operator: who, with what, when it started and how it ended (logical ticks). */
export interface CallRecord {
  readonly name: string;
  readonly inputs: unknown;
  readonly effects: boolean;
  readonly start: number;
  /** `name <inputs as JSON>` when the call started (an operator declaring effects may change its input later). */
  readonly asked: string;
  end?: number;
  outcome?: "ok" | "failed" | "aborted";
  result?: unknown;
  error?: unknown;
}

/**
 * The shared record of every call made by the fake operators of one scenario, with a counter of
 * calls in flight and the peak it reached: the proof of parallelism in tests.
 */
export class CallLog {
  readonly records: CallRecord[] = [];
  inFlight = 0;
  peak = 0;
  /**
   * When set, how many ticks a fake operator's call takes instead of its own latency (undefined:
   * its own): the comparison replays eager under the latencies a compiled run saw (`witnessRun`).
   */
  latencyOf: ((record: CallRecord) => number | undefined) | undefined = undefined;

  constructor(readonly clock: LogicalClock) {}

  begin(name: string, inputs: unknown, effects: boolean): CallRecord {
    const record: CallRecord = { name, inputs, effects, start: this.clock.now, asked: `${name} ${safeJson(inputs)}` };
    this.records.push(record);
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    return record;
  }

  finish(record: CallRecord, outcome: "ok" | "failed" | "aborted", resultOrError: unknown): void {
    record.end = this.clock.now;
    record.outcome = outcome;
    if (outcome === "ok") record.result = resultOrError;
    else record.error = resultOrError;
    this.inFlight--;
  }

  /** Starts measuring `peak` afresh from the calls in flight now (one run's peak, on a shared log). */
  resetPeak(): void {
    this.peak = this.inFlight;
  }

  /** Names of the calls in the order they started. */
  started(): string[] {
    return this.records.map((r) => r.name);
  }

  /** Names of the effectful calls in the order they started: must equal eager's. */
  effectOrder(): string[] {
    return this.records.filter((r) => r.effects).map((r) => r.name);
  }

  /** The record of the only call with this name (throws when there is none or several). */
  only(name: string): CallRecord {
    const found = this.records.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected exactly one call of "${name}", found ${found.length}`);
    return found[0]!;
  }
}

/** JSON that also shows what JSON cannot (functions, handles, cycles, what a `Map` or `Set` holds) instead of hiding it. */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "function" ? `[function ${v.name || "anonymous"}]` : v instanceof Map ? { "[Map]": [...v] } : v instanceof Set ? { "[Set]": [...v] } : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
