/**
 * Speculative replay of a trace plan. Every planned call the plan trusts (predictable, not held
 * back as conditional or once mispredicted, without effects) is dispatched as soon as its
 * predicted input is known (the run input, or the outputs of the calls it reads), while the real
 * `forward` runs. When `forward` reaches a call, it gets the early result only if the operator is the same
 * and its actual input deep-equals the one the early call ran on; otherwise the call runs now.
 * So the result is always eager's: speculation only moves calls earlier.
 */
import { hasEffects, operatorName, type InvokeOptions, type Operator } from "../operator.js";
import { fieldsWithin } from "./input-fields.js";
import { equalsPrediction, predictInput, type SourceValue } from "./input-template.js";
import { proceedWithin, type Interceptor } from "./interception.js";
import { RUN_INPUT } from "./provenance.js";
import type { TraceRecord } from "./trace-record.js";
import type { CallServer, EffectWatcher } from "./tracer-context.js";
import type { PlannedCall, TracePlan } from "./trace-plan.js";
import type { TracedNodes } from "./traced-nodes.js";
import { sharedAbortController, watchAbort } from "../shared-abort.js";
import { RUN_BUDGET, type CallBudget } from "../run-budget.js";

/** Stops a call dispatched early that reached an operator declaring effects. */
export class SpeculationBlockedError extends Error {
  override readonly name = "SpeculationBlockedError";
  constructor(readonly operator: string) {
    super(`${operator} declares effects: it is never run speculatively`);
  }
}

export interface SpeculationReport {
  /** Calls dispatched early. */
  readonly dispatched: number;
  /** Calls of `forward` answered by an early call. */
  readonly hits: number;
  /** Early calls whose prediction was wrong: other input, or `forward` never made the call. */
  readonly mispredicted: number;
  /** Early calls stopped because they reached an operator declaring effects. */
  readonly blocked: number;
  /** Early calls whose result `forward` did not use (mispredicted + blocked). */
  readonly unused: number;
  /**
   * The calls those cost: one for a leaf; for an operator that makes calls of its own, the calls
   * its early run made (at least one).
   */
  readonly wastedCalls: number;
  /** Calls of `forward` the plan did not contain. */
  readonly unplanned: number;
  /** Most calls in flight at once, early and real together. */
  readonly peakInFlight: number;
  /** For each position of this run's trace, the planned position it answered to. */
  readonly plannedPositionOf: ReadonlyMap<number, number>;
  /**
   * Planned positions whose early call was not used: it ran on an input `forward` did not give
   * that call, `forward` never made the call, or an effect stopped it.
   */
  readonly mispredictedPositions: ReadonlySet<number>;
}

type SlotState = "waiting" | "dispatched" | "used" | "ranNow";

class Slot implements Interceptor, EffectWatcher {
  state: SlotState = "waiting";
  output: SourceValue = { known: false };
  early: Promise<unknown> | undefined;
  /** The copy of the input the early call was given, taken as it was dispatched. */
  ranOn: unknown;
  blocked = false;
  /** The early call has settled (or was never dispatched: `early` is unset). */
  settled = false;
  /** Calls whose outputs the input was found in not known yet (`dependsOn`); the call is dispatched at 0. */
  pendingSources: number;
  /** Its readers have been told its output is known (once: a call run again after its early one is not a new source). */
  told = false;
  /** Calls the early call's operator made (a nested structure's leaves): what it costs if unused. */
  made = 0;

  constructor(
    readonly planned: PlannedCall,
    readonly op: Operator<any, any> | undefined,
  ) {
    this.pendingSources = planned.dependsOn.length;
  }

  /** Calls made by the early call run under the slot: no effects allowed. */
  intercept(op: Operator<any, any>, inputs: unknown, options: InvokeOptions): Promise<unknown> {
    try {
      if (hasEffects(op)) this.noteEffect(op);
    } catch (error) {
      return Promise.reject(error);
    }
    this.made++;
    return proceedWithin(this, op, inputs, options);
  }

  noteEffect(op: Operator<any, any>): void {
    this.blocked = true;
    throw new SpeculationBlockedError(operatorName(op));
  }
}

export interface ReplayOptions {
  readonly signal?: AbortSignal;
  /** Bound on early calls in flight (real calls are `forward`'s own business). */
  readonly maxConcurrency?: number;
  /** The whole run's bound on calls in flight, which early calls share with `forward`'s own. */
  readonly budget?: CallBudget;
  /** When the run is observed: each early call runs as the node of its planned position. */
  readonly nodes?: TracedNodes;
}

export class SpeculativeReplay implements CallServer {
  private readonly slots: Slot[];
  private readonly queue: Slot[] = [];
  private readonly plannedPositionOf = new Map<number, number>();
  private readonly mispredictedPositions = new Set<number>();
  /** By position in this run's trace, the slot whose early call answered the call. */
  private readonly servedBy: Slot[] = [];
  /**
   * One signal for every early call of the run (an AbortController per call would cost more than
   * the rest of a dispatch): aborted when the run ends, so early calls nobody used stop then, or
   * when the run itself is aborted. A call found mispredicted mid-run runs on, its result ignored,
   * until then (aborting it alone would stop the others too).
   */
  private readonly early = sharedAbortController();
  private readonly earlyOptions: InvokeOptions;
  /**
   * The plan's constants may be sent: this run's input has no field the traces never saw (a
   * constant was shown to stay the same under every field they saw, and only those).
   */
  private readonly constants: boolean;
  private stopWatching: (() => void) | undefined;
  private finished = false;
  private earlyInFlight = 0;
  private inFlight = 0;
  private peakInFlight = 0;
  private counts = { dispatched: 0, hits: 0, mispredicted: 0, blocked: 0, unplanned: 0 };

  constructor(
    private readonly plan: TracePlan,
    private readonly runInput: unknown,
    private readonly options: ReplayOptions = {},
  ) {
    this.slots = plan.calls.map((planned) => new Slot(planned, planned.operator.deref()));
    this.constants = plan.predictsConstants && withinSafely(runInput, plan);
    const budget = options.budget;
    this.earlyOptions = budget === undefined ? { signal: this.early.signal } : ({ signal: this.early.signal, [RUN_BUDGET]: budget } as InvokeOptions);
  }

  /** Dispatches every call whose input is predictable from the run input alone. */
  start(): void {
    const signal = this.options.signal;
    if (signal) this.stopWatching = watchAbort(signal, this.abortAll);
    for (const slot of this.slots) this.tryDispatch(slot);
  }

  serve(record: TraceRecord, runNow: () => Promise<unknown>): Promise<unknown> {
    const positions = this.plan.positionsOf.get(record.instanceId) ?? noPositions;
    const match = this.findMatch(positions, record.inputs);
    if (match) {
      match.state = "used";
      record.servedEarly = true;
      this.counts.hits++;
      this.plannedPositionOf.set(record.position!, match.planned.position);
      // Already counted in flight since its dispatch. Whether an effect stopped it is known
      // only once it settles: the tracer then asks `rerunIfBlocked`.
      this.servedBy[record.position!] = match;
      return match.early!;
    }
    const position = this.firstOpen(positions);
    if (!position) {
      this.counts.unplanned++;
      return this.track(runNow());
    }
    if (position.state === "dispatched") this.discard(position);
    this.plannedPositionOf.set(record.position!, position.planned.position);
    return this.track(this.runNow(position, runNow));
  }

  /** The first unused early call at these positions that ran on exactly this input. */
  private findMatch(positions: readonly number[], inputs: unknown): Slot | undefined {
    for (const position of positions) {
      const slot = this.slots[position]!;
      if (slot.state === "dispatched" && equalSafely(slot, inputs)) return slot;
    }
    return undefined;
  }

  /** The first of these positions not answered yet. */
  private firstOpen(positions: readonly number[]): Slot | undefined {
    for (const position of positions) {
      const slot = this.slots[position]!;
      if (slot.state === "waiting" || slot.state === "dispatched") return slot;
    }
    return undefined;
  }

  earlyInputOf(record: TraceRecord): { value: unknown } | undefined {
    const slot = this.servedBy[record.position!];
    return slot && { value: slot.ranOn };
  }

  /** An early call stopped by an effect answers nothing: the call it served runs now instead. */
  rerunIfBlocked(record: TraceRecord, runNow: () => Promise<unknown>): Promise<unknown> | undefined {
    const slot = this.servedBy[record.position!];
    return slot?.blocked ? this.unblock(slot, runNow) : undefined;
  }

  /**
   * Ends the run: early calls nobody used are aborted (their errors never surface), those found
   * mispredicted while they ran included: the run is over, so nothing will ever read them, and
   * left running they would go on taking a slot during the next run.
   */
  finish(): SpeculationReport {
    this.finished = true;
    this.stopWatching?.();
    let unused = false;
    for (const slot of this.slots) {
      if (slot.state === "dispatched") this.discard(slot);
      else if (slot.state === "used" || slot.settled || slot.early === undefined) continue;
      unused = true;
    }
    if (unused) this.early.abort(new DOMException("speculative call not used", "AbortError"));
    const { dispatched, hits, mispredicted, blocked, unplanned } = this.counts;
    let wastedCalls = 0;
    for (const position of this.mispredictedPositions) wastedCalls += Math.max(1, this.slots[position]!.made);
    return {
      dispatched,
      hits,
      mispredicted,
      blocked,
      unused: mispredicted + blocked,
      wastedCalls,
      unplanned,
      peakInFlight: this.peakInFlight,
      plannedPositionOf: this.plannedPositionOf,
      mispredictedPositions: this.mispredictedPositions,
    };
  }

  private unblock(slot: Slot, runNow: () => Promise<unknown>): Promise<unknown> {
    this.counts.hits--;
    this.counts.blocked++;
    this.mispredictedPositions.add(slot.planned.position);
    return this.track(this.runNow(slot, runNow));
  }

  private runNow(slot: Slot, runNow: () => Promise<unknown>): Promise<unknown> {
    slot.state = "ranNow";
    return runNow().then(
      (output) => {
        this.learn(slot, { known: true, value: output });
        return output;
      },
      (error) => {
        this.learn(slot, { known: false });
        throw error;
      },
    );
  }

  private discard(slot: Slot): void {
    if (slot.blocked) this.counts.blocked++;
    else this.counts.mispredicted++;
    this.mispredictedPositions.add(slot.planned.position);
    slot.state = "ranNow";
  }

  private tryDispatch(slot: Slot): void {
    if (this.finished || slot.state !== "waiting" || !slot.op || slot.planned.effects) return;
    if (!slot.planned.predictable || slot.planned.held || slot.pendingSources > 0) return;
    const predicted = predictSafely(slot.planned.input, this.sourceValue, this.constants);
    if (!predicted) return;
    const bound = this.options.maxConcurrency ?? Infinity;
    if (this.earlyInFlight >= bound) {
      if (!this.queue.includes(slot)) this.queue.push(slot);
      return;
    }
    this.dispatch(slot, predicted.value, predicted.ranOn);
  }

  private dispatch(slot: Slot, input: unknown, ranOn: unknown): void {
    slot.state = "dispatched";
    slot.ranOn = ranOn;
    this.counts.dispatched++;
    this.earlyInFlight++;
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const early = () =>
      proceedWithin(
        slot,
        slot.op!,
        input,
        this.earlyOptions,
        (output) => this.settleEarly(slot, { known: !slot.blocked, value: output }),
        () => this.settleEarly(slot, { known: false }),
      );
    const nodes = this.options.nodes;
    slot.early = nodes ? nodes.observe(nodes.plannedCall(slot.planned.position), early) : early();
  }

  private settleEarly(slot: Slot, output: SourceValue): void {
    slot.settled = true;
    this.inFlight--;
    this.earlyInFlight--;
    // What forward will see from this call, unless it ends up running the call itself.
    if (slot.state !== "ranNow" && output.known) this.learn(slot, output);
    while (this.queue.length > 0 && this.earlyInFlight < (this.options.maxConcurrency ?? Infinity)) {
      this.tryDispatch(this.queue.shift()!);
    }
  }

  private learn(slot: Slot, output: SourceValue): void {
    slot.output = output;
    if (!output.known || slot.told) return;
    slot.told = true;
    for (const position of this.plan.readers[slot.planned.position]!) {
      const waiting = this.slots[position]!;
      if (--waiting.pendingSources === 0) this.tryDispatch(waiting);
    }
  }

  private readonly sourceValue = (source: number): SourceValue =>
    source === RUN_INPUT ? { known: true, value: this.runInput } : this.slots[source]!.output;

  private readonly abortAll = (): void => this.early.abort(this.options.signal!.reason);

  /** Counts the promise's call as in flight until it settles. */
  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const settled = () => void this.inFlight--;
    promise.then(settled, settled);
    return promise;
  }
}

const noPositions: readonly number[] = [];

/*
 * Inputs are user values: one that throws when read (a revoked proxy) must never fail the run.
 * It is simply never predicted, and never found equal.
 */

function predictSafely(...args: Parameters<typeof predictInput>): { value: unknown; ranOn: unknown } | undefined {
  try {
    const predicted = predictInput(...args);
    return predicted && { value: predicted.value, ranOn: predicted.copy };
  } catch {
    return undefined;
  }
}

/** A run input that cannot be walked is taken to have fields no trace saw. */
function withinSafely(runInput: unknown, plan: TracePlan): boolean {
  try {
    return fieldsWithin(runInput, plan.inputFields);
  } catch {
    return false;
  }
}

function equalSafely(slot: Slot, inputs: unknown): boolean {
  try {
    return equalsPrediction(slot.planned.input, slot.ranOn, inputs);
  } catch {
    return false;
  }
}

/** Whether calls made under `interceptor` are an early call's (run speculatively, effects refused). */
export function isEarlyCall(interceptor: unknown): boolean {
  return interceptor instanceof Slot;
}
