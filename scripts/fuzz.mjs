// `npm run fuzz -- --count N --seed S`: a long campaign of the differential generator
// (test/differential/differential.test.ts). Prints the programs run and the failures by class,
// then each class's program shrunk by fast-check, ready to save as a fixture
// (`--save DIR` also writes each to DIR/class-<n>.txt; `--shrink-seconds S` bounds each shrink,
// 60 by default, 0 for figures only; `--plain-names` keeps names off the emitter's own, to see
// what name collisions hide).
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    save: { type: "string" },
    "shrink-seconds": { type: "string", default: "60" },
    "plain-names": { type: "boolean", default: false },
  },
});
for (const name of ["count", "seed", "shrink-seconds"]) {
  const value = values[name];
  if (!/^\d+$/.test(value)) {
    console.error(`fuzz: --${name} must be a non-negative integer, got "${value}"`);
    process.exit(2);
  }
}
const result = spawnSync("npx", ["vitest", "run", "test/differential/differential.test.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    XCS_FUZZ: "1",
    XCS_FUZZ_COUNT: values.count,
    XCS_FUZZ_SEED: values.seed,
    XCS_FUZZ_SHRINK_SECONDS: values["shrink-seconds"],
    ...(values.save ? { XCS_FUZZ_SAVE: values.save } : {}),
    ...(values["plain-names"] ? { XCS_FUZZ_PLAIN_NAMES: "1" } : {}),
  },
});
process.exit(result.status ?? 1);
