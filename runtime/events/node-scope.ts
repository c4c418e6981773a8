/**
 * Which node of a streamed run the code running now belongs to. Graph runs inside a node put their
 * nodes' paths under its path; model calls report their usage and text deltas to it. Outside
 * `op.stream` there is no scope, and each run or model call pays one store lookup.
 */
import { createAsyncScope } from "../async-scope.js";
import type { CallRecord } from "../models/usage.js";
import type { NodeObserver } from "../scheduler/observe.js";
import type { NodeUsage, RunEvent } from "./types.js";

/** Where the events of one streamed run go. */
export interface EventSink {
  emit(event: RunEvent): void;
  /** Emits a text delta; a returned promise resolves when the consumer has room again. */
  delta(path: string, text: string): void | Promise<void>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class NodeScope {
  private usage: Mutable<NodeUsage> | undefined;

  constructor(
    private readonly sink: EventSink,
    readonly path: string,
  ) {}

  /** What a model call under this node passes as `onTextDelta`. */
  readonly textDelta = (text: string): void | Promise<void> => this.sink.delta(this.path, text);

  recordModelCall(call: CallRecord): void {
    const usage = (this.usage ??= { requests: 0, failures: 0, inputTokens: 0, outputTokens: 0, costUsd: undefined, cacheHits: 0 });
    if (call.cached) {
      usage.cacheHits++;
      return;
    }
    if (call.failed) usage.failures++;
    else usage.requests++;
    usage.inputTokens += call.usage?.inputTokens ?? 0;
    usage.outputTokens += call.usage?.outputTokens ?? 0;
    if (call.costUsd !== undefined) usage.costUsd = (usage.costUsd ?? 0) + call.costUsd;
  }

  /** The observer a graph run in this scope hands the scheduler: one child scope per node. */
  observer(): NodeObserver {
    return (node, start) => {
      const path = this.path === "" ? node.id : `${this.path}/${node.id}`;
      const child = new NodeScope(this.sink, path);
      const operator = node.label;
      const begun = performance.now();
      this.sink.emit({ type: "node-started", path, operator });
      let running: Promise<any>;
      try {
        running = scope.run(child, start);
      } catch (error) {
        running = Promise.reject(error);
      }
      const ended = () => ({ path, operator, durationMs: performance.now() - begun, ...(child.usage && { usage: { ...child.usage } }) });
      return running.then(
        (value) => {
          this.sink.emit({ type: "node-finished", ...ended() });
          return value;
        },
        (error: unknown) => {
          this.sink.emit({ type: "node-failed", ...ended(), error });
          throw error;
        },
      );
    };
  }
}

const scope = createAsyncScope<NodeScope>();

export function currentNode(): NodeScope | undefined {
  return scope.getStore();
}

export function runInNode<T>(node: NodeScope, fn: () => T): T {
  return scope.run(node, fn);
}
