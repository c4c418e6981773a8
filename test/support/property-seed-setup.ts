// Vitest setup file (vitest.config.ts): runs in each test file's module graph before the file, so
// the fast-check instance configured here is the one the file's properties use.
import fc from "fast-check";
import { resolvePropertySeed } from "./property-seed.js";

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: resolvePropertySeed(process.env.FC_SEED).seed });
