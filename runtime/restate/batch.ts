/** Where a batch stands; reported after every change. */
export interface BatchProgress {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly running: number;
}

export type BatchItemResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export interface BatchOptions<T> {
  /** The Restate ingress, e.g. `http://127.0.0.1:8080`. */
  readonly ingress: string;
  /** The service serving the operator (`operatorService(service, op)`). */
  readonly service: string;
  readonly items: readonly T[];
  /** Names the batch: item keys are `${batchId}/${key}`, so running the same batch again finds its items. */
  readonly batchId: string;
  /** An item's key within the batch; the index by default (stable only if the dataset's order is). */
  readonly key?: (item: T, index: number) => string;
  /** Requests this client keeps open at once (each waits for its invocation); 32 by default. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: BatchProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs `service` once per item as durable invocations, one per item, each with the idempotency key
 * `${batchId}/${key}`. Restate keeps the outcome under that key (for the server's idempotency
 * retention, a day by default): running the same batch again returns the items already finished,
 * failures included, without running them, and attaches to the ones still running. Resolves with
 * every item's outcome in order; rejects only when the ingress cannot be reached or `signal` aborts.
 */
export async function runBatch<T>(options: BatchOptions<T>): Promise<BatchItemResult[]> {
  const { ingress, service, items, batchId, signal, onProgress } = checkBatchOptions(options);
  const key = options.key ?? ((_: T, index: number) => String(index));
  const concurrency = options.concurrency ?? 32;
  const results = new Array<BatchItemResult>(items.length);
  const progress = { total: items.length, done: 0, failed: 0, running: 0 };
  const report = () => onProgress?.({ ...progress });
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      progress.running++;
      report();
      const result = await submit(`${ingress}/${service}/run`, `${batchId}/${key(items[index]!, index)}`, items[index], signal);
      results[index] = result;
      progress.running--;
      if (result.ok) progress.done++;
      else progress.failed++;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

async function submit(url: string, idempotencyKey: string, item: unknown, signal: AbortSignal | undefined): Promise<BatchItemResult> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
    body: JSON.stringify(item),
    ...(signal ? { signal } : {}),
  });
  const text = await response.text();
  if (response.ok) return { ok: true, value: text === "" ? undefined : JSON.parse(text) };
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // not JSON: the body as it came
  }
  return { ok: false, error: message };
}

function checkBatchOptions<T>(options: BatchOptions<T>): BatchOptions<T> {
  if (typeof options !== "object" || options === null) throw new TypeError("runBatch: options must be an object");
  const text = (field: "ingress" | "service" | "batchId") => {
    if (typeof options[field] !== "string" || options[field] === "") {
      throw new TypeError(`runBatch: ${field} must be a non-empty string, got ${JSON.stringify(options[field])}`);
    }
  };
  text("ingress");
  text("service");
  text("batchId");
  if (!Array.isArray(options.items)) throw new TypeError("runBatch: items must be an array");
  const { concurrency } = options;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new RangeError(`runBatch: concurrency must be a positive integer, got ${String(concurrency)}`);
  }
  if (options.key !== undefined && typeof options.key !== "function") throw new TypeError("runBatch: key must be a function");
  return { ...options, ingress: options.ingress.replace(/\/+$/, "") };
}
