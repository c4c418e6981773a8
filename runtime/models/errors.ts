/** The provider refused the request for now (HTTP 429). `retryAfterMs` is its `retry-after`, if sent. */
export class RateLimitError extends Error {
  override readonly name = "RateLimitError";
  readonly status = 429;
  constructor(
    readonly model: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(
      `${model}: rate limited (429)` + (retryAfterMs === undefined ? "" : `, retry after ${retryAfterMs} ms`),
      options,
    );
  }
}

/** The request took longer than the provider, the policy's `timeoutMs` (or the simulation) allows. */
export class ModelTimeoutError extends Error {
  override readonly name = "ModelTimeoutError";
  constructor(
    readonly model: string,
    /** How long the call ran, when known (a provider's 408 does not say). */
    readonly afterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(`${model}: timed out` + (afterMs === undefined ? "" : ` after ${afterMs} ms`), options);
  }
}

/** The provider failed on its side (HTTP 5xx): the request may well succeed if sent again. */
export class ModelServerError extends Error {
  override readonly name = "ModelServerError";
  constructor(
    readonly model: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(`${model}: server error (${status})`, options);
  }
}

/** The connection failed or was reset before an answer arrived. */
export class ModelConnectionError extends Error {
  override readonly name = "ModelConnectionError";
  constructor(
    readonly model: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${model}: connection failed (${detail})`, options);
  }
}

/**
 * A retryable failure that was not retried because the wait it needs does not fit the policy: a
 * `retry-after` over `retry.maxRetryAfterMs`, or a next attempt that would start after
 * `retry.deadlineMs`. Failing at once says so, instead of waiting silently for an hour.
 */
export class RetryRefusedError extends Error {
  override readonly name = "RetryRefusedError";
  constructor(
    readonly model: string,
    /** The wait the retry needed, in ms. */
    readonly waitMs: number,
    /** The policy field that refused it. */
    readonly limit: "retry.maxRetryAfterMs" | "retry.deadlineMs",
    /** That field's value, or for the deadline the time left, in ms. */
    readonly limitMs: number,
    options: { cause: unknown },
  ) {
    const why = limit === "retry.maxRetryAfterMs" ? `over ${limit} (${limitMs} ms)` : `past ${limit} (${limitMs} ms left)`;
    super(`${model}: not retried: the retry would wait ${Math.round(waitMs)} ms, ${why}; last error: ${String((options.cause as Error)?.message ?? options.cause)}`, options);
  }
}

/** A model name the registry cannot resolve. */
export class UnknownModelError extends Error {
  override readonly name = "UnknownModelError";
  constructor(
    readonly model: string,
    reason: string,
  ) {
    super(`unknown model "${model}": ${reason}`);
  }
}

/** The kinds of failure a retry policy may retry (`retry.retryOn`). */
export const failureKinds = ["rate-limit", "server", "connection", "timeout"] as const;
export type FailureKind = (typeof failureKinds)[number];

// Node's and undici's codes for a connection that failed or dropped before the answer arrived.
const connectionCodes = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * Which retryable kind a failure is, or `undefined` for failures that say something about the
 * request itself (a 400, a 401, a validation error): those are never retried. Recognises this
 * layer's errors, and a user client's errors by their HTTP `status`/`statusCode` or socket `code`.
 */
export function failureKind(error: unknown): FailureKind | undefined {
  if (error instanceof RateLimitError) return "rate-limit";
  if (error instanceof ModelTimeoutError) return "timeout";
  if (error instanceof ModelServerError) return "server";
  if (error instanceof ModelConnectionError) return "connection";
  if (typeof error !== "object" || error === null) return undefined;
  const { status, statusCode, code } = error as { status?: unknown; statusCode?: unknown; code?: unknown };
  const http = typeof status === "number" ? status : statusCode;
  if (http === 429) return "rate-limit";
  if (http === 408) return "timeout";
  if (typeof http === "number" && http >= 500 && http <= 599) return "server";
  if (typeof code === "string" && connectionCodes.has(code)) return "connection";
  return undefined;
}

/** Failures worth another attempt: they say nothing about the request itself. */
export function isTransient(error: unknown): boolean {
  return failureKind(error) !== undefined;
}
