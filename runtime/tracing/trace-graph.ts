/**
 * The graph a trace plan describes, for `explain`: one call node per traced call, field edges
 * from where each input part came from, the traced result as the output. It describes what the
 * last trace saw (branches not taken are absent); runs never execute it — they replay the plan
 * under the real `forward`.
 */
import type { Graph } from "../graph/index.js";
import { graphFromRecording, type RecordedCall, type RecordedSource } from "./graph-from-values.js";
import type { InputTemplate } from "./input-template.js";
import type { TracePlan } from "./trace-plan.js";
import { CallNames } from "./traced-nodes.js";

/** A placeholder standing for a value read from a source. */
class FromSource {
  constructor(readonly source: RecordedSource) {}
}

/**
 * The plan of `self` as a graph, or undefined when one of its operators has been
 * garbage-collected. Its call nodes have the names a run's events and spans give them.
 */
export function graphOfPlan(name: string, plan: TracePlan, self: object): Graph | undefined {
  const calls: RecordedCall[] = [];
  const names = new CallNames(self);
  for (const call of plan.calls) {
    const op = call.operator.deref();
    if (!op) return undefined;
    calls.push({ op, args: placeholders(call.input), label: names.next(op, call.operatorName) });
  }
  const output = plan.result ? placeholders(plan.result) : undefined;
  return graphFromRecording(name, calls, output, (value) => (value instanceof FromSource ? value.source : undefined));
}

/** The template's value, with the latest origin of each leaf (the one prediction uses) as a placeholder. */
function placeholders(template: InputTemplate): unknown {
  switch (template.kind) {
    case "leaf": {
      const origin = template.origins[template.origins.length - 1];
      return origin ? new FromSource(origin) : template.value;
    }
    case "array":
      return template.items.map(placeholders);
    case "object":
      return Object.fromEntries(template.entries.map(([key, item]) => [key, placeholders(item)]));
  }
}
