/** Shared by the model and operator-library tests: models on the logical clock, with their calls logged. */
import { ModelRegistry, SimulatedModel, type Clock, type Model, type ModelCallOptions, type ModelPolicy, type ModelRequest, type ModelResponse, type SimulatedModelOptions } from "xcs-jit";
import { CallLog, LogicalClock } from "../support/index.js";

/** The logical clock as the model layer's `Clock` (1 tick = 1 ms). */
export function clockOf(clock: LogicalClock): Clock {
  return { now: () => clock.now, sleep: (ms, signal) => clock.sleep(ms, signal) };
}

/** Logs every call of `inner` in a CallLog: in-flight and peak counts, logical start and end. */
export class LoggedModel implements Model {
  readonly id: string;
  constructor(
    readonly inner: Model,
    readonly log: CallLog,
  ) {
    this.id = inner.id;
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const record = this.log.begin(this.id, request, false);
    try {
      const response = await this.inner.generate(request, options);
      this.log.finish(record, "ok", response.text);
      return response;
    } catch (error) {
      this.log.finish(record, options.signal?.aborted ? "aborted" : "failed", error);
      throw error;
    }
  }
}

export interface World {
  readonly clock: LogicalClock;
  readonly log: CallLog;
  /** Any model name resolves to a simulated model of that name, logged, on the logical clock. */
  readonly registry: ModelRegistry;
}

/** A fresh world: simulated models taking `latency` ticks (default 1) per call. */
export function simulatedWorld(
  options: { latency?: number; simulated?: Omit<SimulatedModelOptions, "id" | "clock" | "latency">; policy?: ModelPolicy } = {},
): World {
  const clock = new LogicalClock();
  const log = new CallLog(clock);
  const registry = new ModelRegistry(
    (name) =>
      new LoggedModel(
        new SimulatedModel({ ...options.simulated, id: name.includes(":") ? name : `simulated:${name}`, latency: { fixedMs: options.latency ?? 1 }, clock: clockOf(clock) }),
        log,
      ),
    { clock: clockOf(clock), ...options.policy },
  );
  return { clock, log, registry };
}

/** A model that replies with scripted results, one per call in order (an Error is thrown). */
export function scriptedModel(id: string, script: (request: ModelRequest, call: number) => string | Error): Model & { calls: ModelRequest[] } {
  const calls: ModelRequest[] = [];
  return {
    id,
    calls,
    async generate(request) {
      const result = script(request, calls.length);
      calls.push(request);
      if (result instanceof Error) throw result;
      return { text: result, usage: { inputTokens: 10, outputTokens: 5 }, model: id };
    },
  };
}
