import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIXED_PROPERTY_SEED, resolvePropertySeed } from "./property-seed.js";

describe("property seed", () => {
  it("every property of this run uses the run's seed (the setup file reached this file's fast-check)", () => {
    const seed = fc.readConfigureGlobal().seed;
    expect(seed).toBe(Number(process.env.FC_SEED));
    // A property that passes no seed draws the same values as one given the run's seed explicitly.
    expect(fc.sample(fc.integer(), 5)).toEqual(fc.sample(fc.integer(), { seed, numRuns: 5 }));
  });

  it("is fixed unless asked for: FC_SEED=random draws one, FC_SEED=<n> replays n, anything else is an error", () => {
    expect(resolvePropertySeed(undefined)).toEqual({ seed: FIXED_PROPERTY_SEED, random: false });
    expect(resolvePropertySeed("42")).toEqual({ seed: 42, random: false });
    expect(resolvePropertySeed("random").random).toBe(true);
    expect(() => resolvePropertySeed("soon")).toThrow(/FC_SEED must be an integer or "random", got "soon"/);
  });
});
