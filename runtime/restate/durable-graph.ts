import { RestatePromise, type Context } from "@restatedev/restate-sdk";
import type { Graph } from "../graph/index.js";
import { assembleInput, startAsyncNode } from "../scheduler/node-run.js";
import { startSteppedRun, type NodeSteps } from "../scheduler/parallel.js";
import { CALL, planFor } from "../scheduler/plan.js";
import { startStep, StepErrors, type StepOutcome } from "./step.js";

type Settled = StepOutcome & { readonly node: number };

/**
 * Runs a graph inside a Restate handler with every call and host node a journaled step, on the
 * in-process scheduler itself (runtime/scheduler/parallel.ts), so a durable run keeps every rule
 * eager's meaning needs there: await groups and the members inlined in them, calls started
 * without `await`, effects given what eager gives them, the first failure in time within a
 * group, at most `limit` calls in flight (longest remaining path first). What differs is how
 * completions are observed: one `RestatePromise.race` over the running steps at a time, never a
 * `then` per step, so a replay sees completions in the journal's order and the scheduler makes the
 * same choices and starts the same steps in the same order (Restate rejects a replay that diverges
 * from its journal). The handler returns once every step it started has settled, one eager's code
 * left running included: a step still running when the invocation ends would be lost.
 */
export async function runGraphDurably(ctx: Context, graph: Graph, input: unknown, limit = Infinity): Promise<unknown> {
  const plan = planFor(graph);
  const errors = new StepErrors();
  const running = new Map<number, RestatePromise<Settled>>();
  const steps: NodeSteps = {
    start: (i, values, options) =>
      startStep(
        ctx,
        plan.nodes[i]!.id,
        plan.nodes[i]!.op,
        () => assembleInput(plan, i, values),
        // Host nodes run in a scope holding the run's signal, so calls inside them see it. The step
        // may run after the run failed and aborted it: then a call rejects, as `invoke` would.
        () => {
          if (plan.kinds[i] === CALL) options.signal.throwIfAborted();
          return Promise.resolve(startAsyncNode(plan, i, values, options, true));
        },
        errors,
      ).map((outcome) => ({ ...outcome!, node: i })),
    watch: (i, step) => void running.set(i, step as RestatePromise<Settled>),
  };
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  const run = startSteppedRun(plan, input, { limit, signal: undefined, measure: false, steps }, {
    resolve: (value) => (outcome = { ok: true, value }),
    reject: (error) => (outcome = { ok: false, error }),
  });
  while (running.size > 0) {
    const settled = await RestatePromise.race([...running.values()]);
    running.delete(settled.node);
    if (settled.ok) run.succeeded(settled.node, settled.value);
    else run.failedAsync(settled.node, errors.restore(plan.nodes[settled.node]!.id, settled.error));
  }
  if (outcome === undefined) throw new Error("durable run stalled: no step running and the output not reached");
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
