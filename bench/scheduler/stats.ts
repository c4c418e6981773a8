/** Small timing helpers; every figure is a median, so one GC pause or stray timer does not skew it. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Milliseconds for `iterations` sequential runs of `run`, after a GC. */
export async function timeAsync(run: () => Promise<unknown>, iterations: number): Promise<number> {
  collect();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await run();
  return performance.now() - start;
}

export function timeSync(run: () => unknown, iterations: number): number {
  collect();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return performance.now() - start;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
