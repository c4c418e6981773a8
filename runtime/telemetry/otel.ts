/**
 * `@opentelemetry/api`, an optional peer dependency: loaded on the first traced run, and absent
 * (nothing traced) when not installed.
 */
export type OpenTelemetry = typeof import("@opentelemetry/api");

let loading: Promise<OpenTelemetry | undefined> | undefined;
let loaded: OpenTelemetry | undefined;

export function loadOpenTelemetry(): Promise<OpenTelemetry | undefined> {
  return (loading ??= import("@opentelemetry/api").then(
    (api) => (loaded = api),
    () => undefined,
  ));
}

/** The API once a traced run has loaded it: what per-node and per-call spans use, synchronously. */
export function loadedOpenTelemetry(): OpenTelemetry | undefined {
  return loaded;
}

/** Ends `span` when `running` settles, recording a failure (exception and error status) on it. */
export function endWith<T>(otel: OpenTelemetry, span: import("@opentelemetry/api").Span, running: Promise<T>, onValue?: (value: T) => void): Promise<T> {
  return running.then(
    (value) => {
      onValue?.(value);
      span.end();
      return value;
    },
    (error: unknown) => {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: otel.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
      throw error;
    },
  );
}
