/**
 * A `TracerContext` records every operator call made while its scope is open (AsyncLocalStorage,
 * so two concurrent runs never mix records) and, for the calls `forward` makes itself, where each
 * part of their inputs came from. Recording never changes a value: inputs and outputs are passed
 * through untouched, exceptions are recorded and re-thrown as they are.
 */
import { hasEffects, operatorName, type InvokeOptions, type Operator } from "../operator.js";
import { deepEqual } from "./deep-equal.js";
import { describeInputSafely, type InputTemplate } from "./input-template.js";
import { proceedWithin, withInterceptor, type Interceptor } from "./interception.js";
import { ProvenanceIndex, RUN_INPUT } from "./provenance.js";
import { identityOf, type TraceRecord } from "./trace-record.js";
import type { TracedNodes } from "./traced-nodes.js";
import type { ObservedNode } from "../scheduler/observe.js";

/** Decides how a direct call is answered (speculation plugs in here); `runNow` runs it for real. */
export interface CallServer {
  serve(record: TraceRecord, runNow: () => Promise<unknown>): Promise<unknown>;
  /**
   * Asked once a call `serve` answered early (`servedEarly`) has settled: a promise if that
   * answer must not be used after all, the call then running for real.
   */
  rerunIfBlocked?(record: TraceRecord, runNow: () => Promise<unknown>): Promise<unknown> | undefined;
  /** For a call `serve` answered early: a copy of the input the early call ran on, taken when it started. */
  earlyInputOf?(record: TraceRecord): { value: unknown } | undefined;
}

/** Something that must hear about every call of an operator declaring effects made under it. */
export interface EffectWatcher {
  /** May throw to stop the call (a speculative run may not perform effects). */
  noteEffect(op: Operator<any, any>): void;
}

export class TracerContext {
  readonly records: TraceRecord[] = [];
  /** The calls `forward` made itself, by position. */
  readonly direct: TraceRecord[] = [];
  private readonly provenance = new ProvenanceIndex();
  /** For each direct call, by position, the outputs registered when `forward` made it (`ProvenanceIndex.epoch`). */
  private readonly madeAt: number[] = [];
  private result: { value: unknown; epoch: number; template?: InputTemplate } | undefined;
  private directInFlight = 0;
  /** Most direct calls in flight at once (answered early or not). */
  peakInFlight = 0;

  /**
   * @param server answers direct calls (speculation); absent, every call runs for real.
   * @param outer the scope this trace runs in, told about effects (a trace inside a
   *   speculative call must not perform them).
   * @param nodes when the run is observed (`op.stream`, `trace`): runs each direct call as a node.
   */
  constructor(
    readonly runInput: unknown,
    private readonly server?: CallServer,
    private readonly outer?: Interceptor,
    private readonly nodes?: TracedNodes,
  ) {
    this.provenance.register(RUN_INPUT, runInput);
  }

  /** Runs `fn` (the traced `forward`) with this trace recording the calls it makes. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    return withInterceptor(new TraceFrame(this, undefined), fn);
  }

  trackCall(op: Operator<any, any>, inputs: unknown, parent: TraceRecord | undefined): TraceRecord {
    const record = this.track(op, inputs, parent);
    record.describeNow();
    return record;
  }

  /** A direct call's input is described only once it is known not to be answered early. */
  private track(op: Operator<any, any>, inputs: unknown, parent: TraceRecord | undefined): CallRecord {
    const position = parent === undefined ? this.direct.length : undefined;
    const identity = identityOf(op);
    const record = new CallRecord(
      identity.id,
      this.records.length,
      parent,
      operatorName(op),
      identity.ref,
      inputs,
      position,
      position === undefined ? undefined : this.provenance,
    );
    this.records.push(record);
    if (position !== undefined) {
      this.direct.push(record);
      this.madeAt.push(this.provenance.epoch);
      this.peakInFlight = Math.max(this.peakInFlight, ++this.directInFlight);
    }
    if (parent !== undefined) parent.makesCalls = true;
    if (hasEffects(op)) this.noteEffect(record, op);
    return record;
  }

  completeCall(record: TraceRecord, outcome: { output: unknown } | { exception: unknown }): void {
    record.end = performance.now();
    if (record.position !== undefined) this.directInFlight--;
    if ("output" in outcome) {
      record.outputs = outcome.output;
      if (record.position !== undefined) this.provenance.register(record.position, outcome.output);
    } else {
      record.failed = true;
      record.exception = outcome.exception;
    }
  }

  /**
   * Keeps `forward`'s result, described like a call input (so the traced graph gets its output
   * edges) when `resultTemplate` is first read, against the index as it stood now: only a run that
   * relearns its plan reads it, right after `forward` returns, before anyone else has the result.
   */
  recordResult(result: unknown): void {
    this.result = { value: result, epoch: this.provenance.epoch };
  }

  get resultTemplate(): InputTemplate | undefined {
    const result = this.result;
    if (result && !result.template) result.template = describeInputSafely(result.value, this.provenance.asOf(result.epoch));
    return result?.template;
  }

  /**
   * The calls whose answers `forward` had when it made the direct call at `position`. With
   * `sharingTextWith`, only those whose output holds a string, number or boolean whose text
   * contains it or is contained in it, ignoring case (what a prompt built from an answer, a piece
   * of one or one in capitals shares with it).
   */
  answeredBefore(position: number, sharingTextWith?: string): number[] {
    return this.provenance.callsBefore(this.madeAt[position]!, sharingTextWith);
  }

  /** Marks the call and its ancestors effectful, and tells the enclosing scope (which may throw). */
  noteEffect(record: TraceRecord | undefined, op: Operator<any, any>): void {
    for (let r: TraceRecord | undefined = record; r; r = r.parent) r.effects = true;
    (this.outer as Partial<EffectWatcher> | undefined)?.noteEffect?.(op);
  }

  /**
   * @internal used by `TraceFrame`. Runs once per traced call, so it chains one reaction rather
   * than being `async` (every extra promise pays Node's async-context hooks).
   */
  callThrough(op: Operator<any, any>, inputs: unknown, options: InvokeOptions, parent: TraceRecord | undefined): Promise<unknown> {
    const server = parent === undefined ? this.server : undefined;
    let record: CallRecord;
    let answer: Promise<unknown>;
    let node: ObservedNode | undefined;
    try {
      record = this.track(op, inputs, parent);
      if (!server) record.describeNow();
      if (parent === undefined && this.nodes) node = this.nodes.nextCall(op); // named in call order
    } catch (error) {
      return Promise.reject(error);
    }
    // Described before the operator runs (it could change its input); a call answered early is
    // described only if the run ends up relearning its plan, which most replays never do.
    const runNow = () => {
      if (!record.servedEarly) record.describeNow();
      const proceed = () => proceedWithin(new TraceFrame(this, record), op, inputs, options);
      return node ? this.nodes!.observe(node, proceed) : proceed();
    };
    try {
      answer = server ? server.serve(record, runNow) : runNow();
      if (record.servedEarly) record.describeLater(server!.earlyInputOf?.(record));
    } catch (exception) {
      this.completeCall(record, { exception });
      return Promise.reject(exception);
    }
    return this.completeWhenSettled(record, answer, server, runNow);
  }

  /** `server` is the one that answered, asked whether its early answer stands. */
  private completeWhenSettled(
    record: TraceRecord,
    answer: Promise<unknown>,
    server: CallServer | undefined,
    runNow: () => Promise<unknown>,
  ): Promise<unknown> {
    return answer.then(
      (output) => {
        const rerun = record.servedEarly ? server?.rerunIfBlocked?.(record, runNow) : undefined;
        if (rerun) return this.completeWhenSettled(record, rerun, undefined, runNow);
        this.completeCall(record, { output });
        return output;
      },
      (exception) => {
        const rerun = record.servedEarly ? server?.rerunIfBlocked?.(record, runNow) : undefined;
        if (rerun) return this.completeWhenSettled(record, rerun, undefined, runNow);
        this.completeCall(record, { exception });
        throw exception;
      },
    );
  }
}

class CallRecord implements TraceRecord {
  outputs?: unknown;
  exception?: unknown;
  failed = false;
  readonly start = performance.now();
  end?: number;
  effects = false;
  makesCalls = false;
  servedEarly = false;
  readonly parentCallId: number | undefined;
  #template: InputTemplate | undefined;
  /** Direct calls only: what their input is described against. */
  readonly #provenance: ProvenanceIndex | undefined;
  /** Registrations the provenance index had when the call was made. */
  readonly #epoch: number;
  #ranOn: { value: unknown } | undefined;

  constructor(
    readonly instanceId: number,
    readonly callId: number,
    readonly parent: TraceRecord | undefined,
    readonly operatorName: string,
    readonly operator: WeakRef<Operator<any, any>>,
    readonly inputs: unknown,
    readonly position: number | undefined,
    provenance: ProvenanceIndex | undefined,
  ) {
    this.parentCallId = parent?.callId;
    this.#provenance = provenance;
    this.#epoch = provenance?.epoch ?? 0;
  }

  /**
   * Described against the index as it stood when the call was made, so exactly as it would have
   * been then; of an input changed since, the copy the early call ran on is described instead.
   */
  get inputTemplate(): InputTemplate | undefined {
    if (this.#template === undefined && this.#provenance) {
      const ranOn = this.#ranOn;
      const value = ranOn && !equalSafely(ranOn.value, this.inputs) ? ranOn.value : this.inputs;
      this.#template = describeInputSafely(value, this.#provenance.asOf(this.#epoch));
    }
    return this.#template;
  }

  /** Describes the input as it is now, against the index as it stood at the call. */
  describeNow(): void {
    if (this.#template === undefined && this.#provenance) {
      this.#template = describeInputSafely(this.inputs, this.#provenance.asOf(this.#epoch));
    }
  }

  /** `ranOn`: a copy of the input the early call that answered this one ran on, if known. */
  describeLater(ranOn: { value: unknown } | undefined): void {
    this.#ranOn = ranOn;
  }
}

function equalSafely(a: unknown, b: unknown): boolean {
  try {
    return deepEqual(a, b);
  } catch {
    return false;
  }
}

/** The scope of one level of calls: `forward`'s own (no parent), or the calls made by a call. */
class TraceFrame implements Interceptor, EffectWatcher {
  constructor(
    private readonly tracer: TracerContext,
    private readonly parent: TraceRecord | undefined,
  ) {}

  intercept(op: Operator<any, any>, inputs: unknown, options: InvokeOptions): Promise<unknown> {
    return this.tracer.callThrough(op, inputs, options, this.parent);
  }

  /** A nested trace (a `@jit` operator called inside this one) reports its effects here. */
  noteEffect(op: Operator<any, any>): void {
    this.tracer.noteEffect(this.parent, op);
  }
}
