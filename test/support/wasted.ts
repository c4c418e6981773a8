// What a tracing JIT spends by design, as the comparison allows it (`CompareOptions.allowance`).
import { getJitStats, Operator } from "xcs-jit";
import type { Allowance } from "./eager.js";

/**
 * What each run wasted: the early calls every traced operator of the run's tree counted wasted
 * since the run before (`getJitStats(op).speculation` counts over all of an operator's runs, so a
 * helper called twice in one run counts both). A class that runs traced may waste an early call
 * where a data-dependent decision changed (issue 13's bound, measured by the tracing property);
 * the JIT counts each one it wasted, in the program's own class and in a traced class it calls.
 */
export function wastedSinceLastRun(): (op: object) => Allowance | undefined {
  const counted = new Map<object, number>();
  return (root) => {
    let wasted = 0;
    for (const op of operatorsIn(root)) {
      const total = getJitStats(op).speculation.wasted;
      wasted += total - (counted.get(op) ?? 0);
      counted.set(op, total);
    }
    return wasted > 0 ? { extraPureCalls: wasted } : undefined;
  };
}

/** `root` and the operators its fields hold, directly or in arrays, `Map`s and plain objects. */
function operatorsIn(root: object): Set<object> {
  const found = new Set<object>();
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Operator) found.add(value);
    const inner = value instanceof Map ? [...value.values()] : Array.isArray(value) || value instanceof Operator || Object.getPrototypeOf(value) === Object.prototype ? Object.values(value) : [];
    inner.forEach(visit);
  };
  visit(root);
  return found;
}
