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

/** The request took longer than the provider (or the simulation) allows. */
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

/** Failures worth another attempt: they say nothing about the request itself. */
export function isTransient(error: unknown): error is RateLimitError | ModelTimeoutError {
  return error instanceof RateLimitError || error instanceof ModelTimeoutError;
}
