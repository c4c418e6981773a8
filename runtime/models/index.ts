export type { Model, ModelRequest, ModelResponse, ModelCallOptions, TokenUsage, ChatMessage, ToolCallTurn, ModelTool, ToolCallRecord } from "./types.js";
export { StructuredOutputError } from "./structured.js";
export {
  RateLimitError,
  ModelTimeoutError,
  ModelServerError,
  ModelConnectionError,
  RetryRefusedError,
  UnknownModelError,
  isTransient,
  failureKind,
  failureKinds,
  type FailureKind,
} from "./errors.js";
export { systemClock, type Clock } from "./clock.js";
export {
  SimulatedModel,
  simulatedModels,
  HOSTED_MODEL_LATENCY,
  countTokens,
  type SimulatedModelOptions,
  type LatencyProfile,
  type FailureRates,
} from "./simulated.js";
export { ModelRegistry, models } from "./registry.js";
export { ManagedModel, DEFAULT_TIMEOUT_MS, type ModelPolicy } from "./managed.js";
export { DEFAULT_RETRY, MAX_RETRIES, retryDelay, type RetryPolicy } from "./retry.js";
export { PRICES, listPrice, costOf, registerPrice, type Price } from "./pricing.js";
export { meterUsage, usageOf, UsageLedger, type ModelUsage, type UsageReport } from "./usage.js";
export { replyFormat, readReply, requestedFields, type ReplyField } from "./response-format.js";
export { ConcurrencyLimiter, RequestRateLimiter } from "./limits.js";
export { memoryCache, diskCache, DEFAULT_DISK_CACHE_BYTES, cacheModelCalls, cacheKey, type ModelCacheStore, type ModelCacheOptions, type DiskCacheOptions } from "./cache.js";
export { InvalidMessagesError } from "./messages.js";
