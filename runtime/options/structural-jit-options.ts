/**
 * The check of `@structuralJit({ ... })` options, in one place for both sides: the decorator runs
 * it when the module loads, and the transformer runs it on the constant values of the decorator's
 * object literal at build time (naming the class), so a typo fails the build, not the first load.
 * It imports nothing but `option-checks.ts`, so the transformer's CommonJS build carries only these two files.
 */
import { checkBoolean, checkKnownKeys, checkMaxConcurrency, checkOptionsObject, checkScheduler } from "./option-checks.js";

export const STRUCTURAL_JIT_SOURCE = "@structuralJit";
export const structuralJitOptionNames = ["strategy", "maxConcurrency", "strict", "speculate"] as const;

/** Throws an `InvalidOptionError` (or a `TypeError` for a non-object) naming the first bad option. */
export function checkStructuralJitOptions(options: unknown): void {
  checkOptionsObject(STRUCTURAL_JIT_SOURCE, options);
  checkKnownKeys(STRUCTURAL_JIT_SOURCE, options, structuralJitOptionNames);
  const { strategy, maxConcurrency, strict, speculate } = options as Record<string, unknown>;
  checkScheduler(STRUCTURAL_JIT_SOURCE, "strategy", strategy);
  checkMaxConcurrency(STRUCTURAL_JIT_SOURCE, maxConcurrency);
  checkBoolean(STRUCTURAL_JIT_SOURCE, "strict", strict);
  checkBoolean(STRUCTURAL_JIT_SOURCE, "speculate", speculate);
}
