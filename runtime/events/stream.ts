import { meterUsage, usageOf } from "../models/usage.js";
import { operatorName, type InvokeOptions, type Operator } from "../operator.js";
import { currentExecutionOptions } from "../options/index.js";
import { nextTurn } from "../shared-abort.js";
import { NodeScope, runInNode, type EventSink } from "./node-scope.js";
import type { RunEvent } from "./types.js";

/** A streamed run: its events as an async iterable, and its result. */
export interface RunStream<Out> extends AsyncIterable<RunEvent<Out>> {
  /**
   * Settles as `invoke` would: the output, or the run's error. Read without iterating, the events
   * are dropped (nobody is reading them), so the run never waits for a reader.
   */
  readonly result: Promise<Out>;
}

/** Why a run whose stream's reader stopped reading (broke out of its loop) was aborted. */
export class StreamClosedError extends Error {
  override readonly name = "StreamClosedError";
  constructor(operator: string) {
    super(`${operator}: the stream's reader stopped reading, so the run was aborted`);
  }
}

/**
 * Events waiting for the reader, at most this many before the model calls streaming text wait
 * for the reader to catch up (node events never wait: there are at most two per node).
 */
export const STREAM_HIGH_WATER_MARK = 64;

/**
 * Runs `op.invoke(inputs, options)` and reports what happens as it happens. The run starts at
 * once. A reader that stops (`break`, `return`) aborts the run through the signal every call
 * sees; a slow reader slows the models' text streams instead of growing a buffer.
 */
export function streamRun<In, Out>(op: Operator<In, Out>, inputs: In, options: InvokeOptions = {}): RunStream<Out> {
  const operator = operatorName(op);
  const controller = new AbortController();
  // The stream's own signal replaces the caller's, so it joins the scoped one too.
  const outer = options.signal ?? currentExecutionOptions()?.signal;
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  const queue = new EventQueue<RunEvent<Out>>(STREAM_HIGH_WATER_MARK);
  const running = new RunningNodes();
  const sink: EventSink = {
    emit: (event) => {
      running.note(event);
      queue.push(event as RunEvent<Out>);
    },
    delta: (path, delta) => queue.pushWaiting({ type: "text-delta", path, delta }),
  };
  sink.emit({ type: "run-started", operator });
  const run = runInNode(new NodeScope(sink, ""), () => meterUsage(() => op.invoke(inputs, { ...options, signal })));
  const result = run.then(
    ({ result: value, usage }) => {
      queue.push({ type: "output", value, usage });
      queue.end();
      return value;
    },
    (error: unknown) => {
      const usage = usageOf(error);
      const fail = () => {
        for (const left of running.leftRunning()) queue.push(left);
        queue.push({ type: "run-failed", error, usage });
        queue.end(error);
      };
      // A node that honours the abort settles within the turn; one still running after it is
      // left running (the run does not wait for it), and reported so.
      if (running.size === 0) fail();
      else nextTurn(fail);
      throw error;
    },
  );
  result.catch(() => {}); // a reader that only iterates sees the error there, not as unhandled
  let iterated = false;
  return {
    get result() {
      if (!iterated) queue.drop();
      return result;
    },
    [Symbol.asyncIterator]() {
      iterated = true;
      return {
        next: () => queue.next(),
        return: async () => {
          if (!queue.ended) controller.abort(new StreamClosedError(operator));
          queue.drop();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** The nodes of a streamed run that have started and not settled, from its node events. */
class RunningNodes {
  private readonly nodes = new Map<string, { operator: string; started: number }>();

  get size(): number {
    return this.nodes.size;
  }

  note(event: RunEvent): void {
    if (event.type === "node-started") this.nodes.set(event.path, { operator: event.operator, started: performance.now() });
    else if (event.type === "node-finished" || event.type === "node-failed") this.nodes.delete(event.path);
  }

  leftRunning(): Extract<RunEvent, { type: "node-left-running" }>[] {
    const now = performance.now();
    return [...this.nodes].map(([path, { operator, started }]) => ({ type: "node-left-running", path, operator, durationMs: now - started }));
  }
}

/** A queue of events between the run (producer) and one reader, ending with success or an error. */
class EventQueue<T> {
  private items: T[] = [];
  private head = 0;
  private reader: ((result: IteratorResult<T>) => void) | undefined;
  private readerFailed: ((error: unknown) => void) | undefined;
  private producers: (() => void)[] = [];
  private dropping = false;
  private failure: { error: unknown } | undefined;
  ended = false;

  constructor(private readonly highWaterMark: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /**
   * Nothing follows the last event: a node left running is reported before `run-failed`, and a
   * call the run left running unreported (an early call it did not use) ends unreported.
   */
  push(item: T): void {
    if (this.dropping || this.ended) return;
    if (this.reader) {
      const reader = this.reader;
      this.reader = this.readerFailed = undefined;
      reader({ value: item, done: false });
    } else this.items.push(item);
  }

  /** `push`, then a promise to wait on when the queue is at its high-water mark. */
  pushWaiting(item: T): void | Promise<void> {
    this.push(item);
    if (this.size < this.highWaterMark) return;
    return new Promise((resolve) => this.producers.push(resolve));
  }

  end(error?: unknown): void {
    this.ended = true;
    if (error !== undefined) this.failure = { error };
    if (this.reader && this.size === 0) this.finishReader();
  }

  /** No reader any more: forget what is queued, accept nothing more, and let producers go on. */
  drop(): void {
    this.dropping = true;
    this.items = [];
    this.head = 0;
    this.release();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const item = this.items[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      if (this.size < this.highWaterMark) this.release();
      return Promise.resolve({ value: item, done: false });
    }
    if (this.ended) return this.failure ? this.fail() : Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.reader = resolve;
      this.readerFailed = reject;
    });
  }

  private finishReader(): void {
    const reader = this.reader!;
    const failed = this.readerFailed!;
    this.reader = this.readerFailed = undefined;
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      failed(error);
    } else reader({ value: undefined, done: true });
  }

  /** The run's error, once; the iteration is done after it. */
  private fail(): Promise<IteratorResult<T>> {
    const { error } = this.failure!;
    this.failure = undefined;
    return Promise.reject(error);
  }

  private release(): void {
    const waiting = this.producers;
    this.producers = [];
    for (const resume of waiting) resume();
  }
}
