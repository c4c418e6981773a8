export { streamRun, StreamClosedError, STREAM_HIGH_WATER_MARK, type RunStream } from "./stream.js";
export type { RunEvent, NodeUsage } from "./types.js";
