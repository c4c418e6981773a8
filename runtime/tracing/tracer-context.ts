/**
 * A `TracerContext` records every operator call made while its scope is open (AsyncLocalStorage,
 * so two concurrent runs never mix records) and, for the calls `forward` makes itself, where each
 * part of their inputs came from. Recording never changes a value: inputs and outputs are passed
 * through untouched, exceptions are recorded and re-thrown as they are.
 */
import { hasEffects, operatorName, type InvokeOptions, type Operator } from "../operator.js";
import { describeInputSafely, type InputTemplate } from "./input-template.js";
import { proceedWithin, withInterceptor, type Interceptor } from "./interception.js";
import { ProvenanceIndex, RUN_INPUT } from "./provenance.js";
import { instanceIdOf, type TraceRecord } from "./trace-record.js";

/** Decides how a direct call is answered (speculation plugs in here); `runNow` runs it for real. */
export interface CallServer {
  serve(record: TraceRecord, runNow: () => Promise<unknown>): Promise<unknown>;
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
  private outputTemplate: InputTemplate | undefined;
  private directInFlight = 0;
  /** Most direct calls in flight at once (answered early or not). */
  peakInFlight = 0;

  /**
   * @param server answers direct calls (speculation); absent, every call runs for real.
   * @param outer the scope this trace runs in, told about effects (a trace inside a
   *   speculative call must not perform them).
   */
  constructor(
    readonly runInput: unknown,
    private readonly server?: CallServer,
    private readonly outer?: Interceptor,
  ) {
    this.provenance.register(RUN_INPUT, runInput);
  }

  /** Runs `fn` (the traced `forward`) with this trace recording the calls it makes. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    return withInterceptor(new TraceFrame(this, undefined), fn);
  }

  trackCall(op: Operator<any, any>, inputs: unknown, parent: TraceRecord | undefined): TraceRecord {
    const position = parent === undefined ? this.direct.length : undefined;
    const record: TraceRecord = {
      instanceId: instanceIdOf(op),
      callId: this.records.length,
      parentCallId: parent?.callId,
      operatorName: operatorName(op),
      operator: new WeakRef(op),
      inputs,
      failed: false,
      start: performance.now(),
      position,
      inputTemplate: position === undefined ? undefined : describeInputSafely(inputs, this.provenance),
      effects: false,
      servedEarly: false,
      parent,
    };
    this.records.push(record);
    if (position !== undefined) {
      this.direct.push(record);
      this.peakInFlight = Math.max(this.peakInFlight, ++this.directInFlight);
    }
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

  /** Describes `forward`'s result like a call input, so the traced graph gets its output edges. */
  recordResult(result: unknown): void {
    this.outputTemplate = describeInputSafely(result, this.provenance);
  }

  get resultTemplate(): InputTemplate | undefined {
    return this.outputTemplate;
  }

  /** Marks the call and its ancestors effectful, and tells the enclosing scope (which may throw). */
  noteEffect(record: TraceRecord | undefined, op: Operator<any, any>): void {
    for (let r: TraceRecord | undefined = record; r; r = r.parent) r.effects = true;
    (this.outer as Partial<EffectWatcher> | undefined)?.noteEffect?.(op);
  }

  /** @internal used by `TraceFrame` */
  async callThrough(op: Operator<any, any>, inputs: unknown, options: InvokeOptions, parent: TraceRecord | undefined): Promise<unknown> {
    const record = this.trackCall(op, inputs, parent);
    const runNow = () => proceedWithin(new TraceFrame(this, record), op, inputs, options);
    try {
      const output = await (this.server && parent === undefined ? this.server.serve(record, runNow) : runNow());
      this.completeCall(record, { output });
      return output;
    } catch (exception) {
      this.completeCall(record, { exception });
      throw exception;
    }
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
