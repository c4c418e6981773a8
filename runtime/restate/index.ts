/**
 * `xcs-jit/restate`: operators as durable Restate services. Needs the optional peer dependency
 * `@restatedev/restate-sdk`; nothing in `xcs-jit` itself imports this module.
 */
export { operatorService, runDurably, type DurableOptions } from "./service.js";
export { remote, RemoteOperator } from "./remote.js";
export { runBatch, type BatchOptions, type BatchProgress, type BatchItemResult } from "./batch.js";
