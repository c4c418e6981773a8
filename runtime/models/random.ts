/**
 * Deterministic randomness for the simulated model: every draw is a pure function of the strings
 * and numbers it is keyed by, so a run replays exactly whatever the interleaving of calls.
 */

/** FNV-1a over the parts (separated so that ("ab","c") and ("a","bc") differ), 32-bit. */
export function hashKey(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === "number" ? `#${part}` : part;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0x1f;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small, well-mixed generator; returns floats in [0, 1). */
export function randomStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal draw with the given median: median · e^(σ·z), z standard normal (Box–Muller). */
export function logNormal(random: () => number, median: number, sigma: number): number {
  const u1 = 1 - random(); // in (0, 1], so the log is finite
  const u2 = random();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return median * Math.exp(sigma * z);
}
