/**
 * The nodes of a run of the tracing JIT, for the run's observer (`op.stream`'s events, `trace`
 * spans): each call `forward` makes itself is a node, named as the compiler names call nodes —
 * the field of the traced operator holding the callee (`drafts.0`, `reviser`), else the callee's
 * name, `#2`, `#3`, … for later calls under one name, in call order. A call dispatched early runs
 * as the node of its planned position, under the name that position has in the plan.
 */
import { callName, operatorPaths, UniqueIds } from "../builder/operator-paths.js";
import { operatorName, type InvokeOptions, type Operator } from "../operator.js";
import type { NodeObserver, ObservedNode } from "../scheduler/observe.js";
import { proceedWithin, type Interceptor } from "./interception.js";
import type { TracePlan } from "./trace-plan.js";
import type { EffectWatcher } from "./tracer-context.js";

/** Names the direct calls of one run of `self`, in the order they are made. */
export class CallNames {
  private paths: Map<object, string> | undefined;
  private readonly ids = new UniqueIds();

  constructor(private readonly self: object) {}

  /** The next call's name; `op` undefined when it has been garbage-collected (then `name`). */
  next(op: object | undefined, name: string): string {
    this.paths ??= operatorPaths(this.self);
    return this.ids.take(op ? callName(this.paths, op) : name);
  }
}

export class TracedNodes {
  private readonly calls: CallNames;
  private planned: ObservedNode[] | undefined;

  constructor(
    private readonly self: object,
    readonly observe: NodeObserver,
    private readonly plan?: TracePlan,
  ) {
    this.calls = new CallNames(self);
  }

  /** The node of the next call `forward` makes (calls are numbered as they are made). */
  nextCall(op: Operator<any, any>): ObservedNode {
    return { id: this.calls.next(op, operatorName(op)), label: operatorName(op) };
  }

  /** The node of the plan's call at `position`, for the call dispatched early in its place. */
  plannedCall(position: number): ObservedNode {
    if (!this.planned) {
      const names = new CallNames(this.self);
      this.planned = this.plan!.calls.map((call) => ({ id: names.next(call.operator.deref(), call.operatorName), label: call.operatorName }));
    }
    return this.planned[position]!;
  }
}

/**
 * What a run that neither traces nor replays (`speculate: false` once traced) puts around
 * `forward` when observed: each direct call through the observer, passed on to the scope the run
 * is nested in, if any (which sees it as it would without this frame), else run outside every
 * scope.
 */
export class ObservingFrame implements Interceptor, EffectWatcher {
  constructor(
    private readonly nodes: TracedNodes,
    private readonly outer: Interceptor | undefined,
  ) {}

  intercept(op: Operator<any, any>, inputs: unknown, options: InvokeOptions): Promise<unknown> {
    const outer = this.outer;
    return this.nodes.observe(this.nodes.nextCall(op), () => (outer ? outer.intercept(op, inputs, options) : proceedWithin(undefined, op, inputs, options)));
  }

  /** A trace nested in `forward` reports its effects to the scope around this run, as it would without this frame. */
  noteEffect(op: Operator<any, any>): void {
    (this.outer as Partial<EffectWatcher> | undefined)?.noteEffect?.(op);
  }
}
