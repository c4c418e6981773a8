export { runGraph, type RunGraphOptions } from "./run-graph.js";
export { NodeExecutionError } from "./errors.js";
export { CHEAP_NODE_MS } from "./auto.js";
