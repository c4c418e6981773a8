/**
 * The analysis worker's entry (see `analysis-sessions.ts`). Like `tsc` itself, it first turns on
 * Node's on-disk compile cache (Node 22.1+; Node 20 has none): from the second build on, TypeScript
 * and the analysis load as compiled code instead of being compiled again.
 */
import * as nodeModule from "node:module";

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// Loaded only now, so that everything it loads goes through the cache.
require("./analysis-sessions.js");
