/**
 * Checks for option values, shared by `executionOptions`, per-call `invoke` options and the
 * decorator options, so a bad value reads the same wherever it was given.
 */

export const schedulerNames = ["auto", "parallel", "sequential"] as const;
export type SchedulerName = (typeof schedulerNames)[number];

/** An option had a value it cannot have; `option` and `source` say which and where. */
export class InvalidOptionError extends TypeError {
  override readonly name = "InvalidOptionError";
  constructor(
    readonly source: string,
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${source}: invalid option "${option}": expected ${expected}, got ${show(value)}`);
  }
}

export function checkScheduler(source: string, option: string, value: unknown): void {
  if (value !== undefined && !schedulerNames.includes(value as SchedulerName)) {
    throw new InvalidOptionError(source, option, value, schedulerNames.map((s) => `"${s}"`).join(" | "));
  }
}

/** A positive integer, or `Infinity` for "unbounded" (so a scope can lift a decorator's bound). */
export function checkMaxConcurrency(source: string, value: unknown): void {
  if (value === undefined || value === Infinity) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new InvalidOptionError(source, "maxConcurrency", value, "a positive integer or Infinity");
  }
}

export function checkSignal(source: string, value: unknown): void {
  if (value !== undefined && !(value instanceof AbortSignal)) {
    throw new InvalidOptionError(source, "signal", value, "an AbortSignal");
  }
}

export function checkBoolean(source: string, option: string, value: unknown): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new InvalidOptionError(source, option, value, "a boolean");
  }
}

/** Rejects keys outside `known`, which are nearly always typos (`stratgy`). */
export function checkKnownKeys(source: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvalidOptionError(source, key, (options as Record<string, unknown>)[key], `one of ${known.join(", ")} (unknown option)`);
    }
  }
}

export function checkOptionsObject(source: string, options: unknown): asserts options is object {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${source}: options must be an object, got ${show(options)}`);
  }
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "object" && value !== null) return value.constructor?.name ?? "an object";
  return String(value);
}
