export { vmap, VmappedOperator, type VmapOptions } from "./vmap.js";
export { pmap, PmappedOperator, type PmapOptions, type ItemOutcome } from "./pmap.js";
export { compose, ComposedOperator } from "./compose.js";
export type { AxesOptions } from "./batch-axes.js";
export type { BatchProgress } from "./progress.js";
