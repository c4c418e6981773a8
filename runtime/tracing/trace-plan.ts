/**
 * What a trace teaches the next run: the calls `forward` made, in order, with the template of
 * each input and what it depends on. Built from the latest trace; where the previous plan saw the
 * same call, the two templates are refined together, so a value that changed between runs without
 * an origin is known to be computed and is no longer predicted.
 */
import { hasEffects, type Operator } from "../operator.js";
import { isPredictableConstant, leavesOf, refineTemplate, sourcesOf, type InputTemplate } from "./input-template.js";
import { RUN_INPUT } from "./provenance.js";
import type { TracerContext } from "./tracer-context.js";

export interface PlannedCall {
  readonly position: number;
  readonly operator: WeakRef<Operator<any, any>>;
  readonly operatorName: string;
  readonly input: InputTemplate;
  /** Positions of the earlier calls whose outputs the input is read from (every origin: the edges). */
  readonly dependsOn: readonly number[];
  /** For each leaf of the input, the sources it can be read from: one known is enough to predict it. */
  readonly leafSources: readonly (readonly number[])[];
  /** Every leaf has an origin or is a trusted constant: the input can be predicted at all. */
  readonly predictable: boolean;
  /** Declares effects, or made (in some trace) a call that does: never dispatched early. */
  readonly effects: boolean;
}

export interface TracePlan {
  readonly calls: readonly PlannedCall[];
  /** Where each part of `forward`'s result came from (absent when the trace ended in an error). */
  readonly result: InputTemplate | undefined;
}

/**
 * @param previousPositionOf for each direct call of the trace, the position in `previous` it
 *   answered to (speculation matched it there), if any.
 */
export function buildPlan(
  trace: TracerContext,
  previous: TracePlan | undefined,
  previousPositionOf: (position: number) => number | undefined,
): TracePlan {
  const latestPositionOf = new Map<number, number>();
  trace.direct.forEach((record) => {
    const earlier = previousPositionOf(record.position!);
    if (earlier !== undefined) latestPositionOf.set(earlier, record.position!);
  });
  const rename = (source: number) => (source === RUN_INPUT ? RUN_INPUT : latestPositionOf.get(source));
  const calls = trace.direct.map((record): PlannedCall => {
    const op = record.operator.deref();
    const earlierPosition = previousPositionOf(record.position!);
    const earlier = earlierPosition === undefined ? undefined : previous?.calls[earlierPosition];
    const input = earlier ? refineTemplate(earlier.input, record.inputTemplate!, rename) : record.inputTemplate!;
    const leaves = leavesOf(input).map(({ leaf }) => leaf);
    return {
      position: record.position!,
      operator: record.operator,
      operatorName: record.operatorName,
      input,
      dependsOn: [...sourcesOf(input)].filter((s) => s !== RUN_INPUT).sort((a, b) => a - b),
      leafSources: leaves.map((leaf) => [...new Set(leaf.origins.map((o) => o.source))]),
      predictable: leaves.every((leaf) => leaf.origins.length > 0 || isPredictableConstant(leaf)),
      effects: record.effects || (op !== undefined && hasEffects(op)) || (earlier?.effects ?? false),
    };
  });
  return { calls, result: trace.resultTemplate };
}
