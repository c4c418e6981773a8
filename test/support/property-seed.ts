/**
 * One seed for every fast-check property of a test run, so a red run replays exactly.
 * `npm test` uses the fixed seed below; `FC_SEED=random` draws one (the config prints it) and
 * `FC_SEED=<n>` replays run n. vitest.config.ts resolves it once, hands the number to every
 * worker as `FC_SEED`, and `property-seed-setup.ts` installs it with `fc.configureGlobal`, which
 * every `fc.assert` and `fc.sample` reads unless it passes a seed of its own.
 */
export const FIXED_PROPERTY_SEED = 16_016;

export function resolvePropertySeed(value: string | undefined): { seed: number; random: boolean } {
  if (value === undefined || value === "") return { seed: FIXED_PROPERTY_SEED, random: false };
  if (value === "random") return { seed: Math.floor(Math.random() * 2 ** 31), random: true };
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${JSON.stringify(value)}`);
  return { seed, random: false };
}
