export { runGraph, type RunGraphOptions } from "./run-graph.js";
export { failedNodeOf, type FailedNode } from "./errors.js";
export { CHEAP_NODE_MS } from "./auto.js";
