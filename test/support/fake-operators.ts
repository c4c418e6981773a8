import { Operator, hasEffects, type ForwardContext } from "xcs-jit";
import type { CallLog } from "./call-log.js";

/** How a fake operator behaves; every field is optional. */
export interface FakeBehaviour<In, Out> {
  /** Node and log name (default: the class name). */
  readonly name?: string;
  /** Logical ticks the call takes (default 1). */
  readonly latency?: number | ((inputs: In) => number);
  /** The result (default: `{ by: name, inputs }`, so wrong wiring shows in the output). */
  readonly compute?: (inputs: In) => Out;
  /**
   * Scripted failure: return an error to throw it after the latency, or undefined to succeed.
   * `call` counts this operator's calls from 0.
   */
  readonly fail?: (inputs: In, call: number) => unknown;
}

/**
 * A leaf operator for tests: sleeps on the logical clock (honouring `ctx.signal`), records its call
 * in the log with logical start and end, then returns or throws as scripted.
 */
export class FakeOperator<In = any, Out = any> extends Operator<In, Out> {
  readonly name: string;
  private calls = 0;

  constructor(
    readonly log: CallLog,
    private readonly behaviour: FakeBehaviour<In, Out> = {},
  ) {
    super();
    this.name = behaviour.name ?? new.target.name;
  }

  async forward(given: In, ctx: ForwardContext): Promise<Out> {
    const call = this.calls++;
    const effects = hasEffects(this);
    // A pure operator reads what it is given when it is called, as a model call sends its request,
    // and keeps nothing of it: a later change by the caller is no part of the call. (An operator
    // declaring effects may keep its input: it works on the object itself.)
    const inputs = effects ? given : snapshot(given);
    const record = this.log.begin(this.name, inputs, effects);
    try {
      const latency = this.behaviour.latency;
      const ticks = this.log.latencyOf?.(record) ?? (typeof latency === "function" ? latency(inputs) : (latency ?? 1));
      await this.log.clock.sleep(ticks, ctx.signal);
      const error = this.behaviour.fail?.(inputs, call);
      if (error !== undefined) throw error;
      const result = this.behaviour.compute ? this.behaviour.compute(inputs) : ({ by: this.name, inputs } as Out);
      this.log.finish(record, "ok", result);
      return result;
    } catch (error) {
      this.log.finish(record, ctx.signal.aborted ? "aborted" : "failed", error);
      throw error;
    }
  }
}

/** A deep copy of plain data; anything else (a function, a class instance inside) as it is. */
function snapshot<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** The same, declaring effects beyond its result (`static effects = true`). */
export class EffectfulFakeOperator<In = any, Out = any> extends FakeOperator<In, Out> {
  static override effects = true;
}

/**
 * An operator declaring effects that rewrites the query of what it is given once its call ends
 * (`query` becomes `query*`), as a callee that edits a request in place does.
 */
export class StampingFakeOperator<In extends { query: string } = { query: string }, Out = any> extends EffectfulFakeOperator<In, Out> {
  override async forward(given: In, ctx: ForwardContext): Promise<Out> {
    const reply = await super.forward(given, ctx);
    given.query = `${given.query}*`;
    return reply;
  }
}

/** A fake operator that fails on every call with `new Error(message)`. */
export function failingOperator(log: CallLog, name: string, message = `${name} failed`, latency = 1): FakeOperator {
  return new FakeOperator(log, { name, latency, fail: () => new Error(message) });
}

/**
 * Leaves for the standard scenarios: a fake call whose answer spells out what it read, so a
 * wrong field mapping changes the result.
 */
export function fakeLeaves(log: CallLog, latency = 1): (name: string) => FakeOperator<{ query: string; candidates?: string[] }, { answer: string }> {
  return (name) =>
    new FakeOperator(log, {
      name,
      latency,
      compute: ({ query, candidates }) => ({ answer: `${name}(${query}${candidates ? `; ${candidates.join(", ")}` : ""})` }),
    });
}
