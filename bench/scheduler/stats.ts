/**
 * Timing helpers. Costs are CPU time of this process (user + system), not wall time: the machine
 * is shared, and CPU time is what a run costs whoever else is busy. Every figure is a median.
 */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** CPU milliseconds used by the process so far. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU milliseconds for `iterations` sequential runs of `run`, after a GC. */
export async function cpuTimeAsync(run: () => Promise<unknown>, iterations: number): Promise<number> {
  collectGarbage();
  const start = cpuMs();
  for (let i = 0; i < iterations; i++) await run();
  return cpuMs() - start;
}

/** CPU milliseconds for one call of `run`. */
export function cpuTimeOnce(run: () => unknown): number {
  const start = cpuMs();
  run();
  return cpuMs() - start;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
