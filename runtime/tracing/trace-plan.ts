/**
 * What a trace teaches the next run: the calls `forward` made, in order, with the template of
 * each input and what it depends on. Built from the latest trace; where the previous plan saw the
 * same call, the two templates are refined together, so a value that changed between runs without
 * an origin is known to be computed and is no longer predicted, and one that stayed the same is
 * known not to follow the run input fields that changed meanwhile. A call the previous plan did not
 * have (made on one branch only), or whose early call ran on a wrong input, is held back until a
 * trace with another run input makes it again (see "Speculation rule" in docs/internals.md).
 */
import { hasEffects, type Operator } from "../operator.js";
import { graphHasEffects } from "../jit/graph-cache.js";
import { changedFields, fieldsOf, type FieldKey } from "./input-fields.js";
import { deepEqual } from "./deep-equal.js";
import { computedStrings, coversFields, distrustComputed, leavesOf, predictionOf, refineTemplate, sourcesOf, steadyUnder, type InputTemplate } from "./input-template.js";
import { RUN_INPUT } from "./provenance.js";
import type { TracerContext } from "./tracer-context.js";

export interface PlannedCall {
  readonly position: number;
  readonly operator: WeakRef<Operator<any, any>>;
  /** The operator's instance id (`TraceRecord.instanceId`). */
  readonly instanceId: number;
  readonly operatorName: string;
  readonly input: InputTemplate;
  /**
   * Positions of the earlier calls whose outputs the input was found in (every origin: the edges),
   * and of those a leaf predicted as a constant may have been computed from
   * (`TracerContext.mayHaveComputed`: a prompt built from an answer that stayed the same). The
   * call is dispatched early only once all of them are known, even where it reads none of them (a
   * constant that also sits in an output): an early call never runs ahead of the data flow the
   * traces saw.
   */
  readonly dependsOn: readonly number[];
  /** Every leaf has confirmed origins or is a trusted constant: the input can be predicted at all. */
  readonly predictable: boolean;
  /**
   * Not dispatched early until a trace with another run input makes it again: some earlier trace
   * did not make it, or its early call went unused.
   */
  readonly held: boolean;
  /** Declares effects, or made (in some trace) a call that does: never dispatched early. */
  readonly effects: boolean;
  /**
   * Its operator made calls of its own in some trace (a nested structure, a composite): an early
   * call on a wrong input wastes every call it makes, so a first trace's guess is not enough to
   * dispatch it (`heldFor`).
   */
  readonly makesCalls: boolean;
  /** What the call answered in the trace the plan was learned from (absent when it failed). */
  readonly answer: { readonly value: unknown } | undefined;
  /**
   * The run input fields that changed from one trace to the next while the answer stayed the
   * same (as a leaf's `steadyUnder`): covering them all, the answer may be where a constant of a
   * later call was computed from.
   */
  readonly answerSteadyUnder: ReadonlySet<FieldKey>;
}

export interface TracePlan {
  readonly calls: readonly PlannedCall[];
  /** For each position, the later calls whose early dispatch waits for its output (`dependsOn`). */
  readonly readers: readonly (readonly number[])[];
  /** The positions of each operator instance's calls, by instance id, in order. */
  readonly positionsOf: ReadonlyMap<number, readonly number[]>;
  /** Where each part of `forward`'s result came from (absent when the trace ended in an error). */
  readonly result: InputTemplate | undefined;
  /** A copy of the run input the plan was last learned from, to tell whether the next differs. */
  readonly runInput: unknown;
  /** The fields of `runInput`: every constant the plan predicts stayed the same while each of them changed. */
  readonly inputFields: ReadonlySet<FieldKey>;
  /** Some call the plan may dispatch early has a leaf predicted as a constant. */
  readonly predictsConstants: boolean;
  /**
   * The run whose trace the plan was learned from, numbered as `getJitStats(op).runs` counts
   * runs (1 is the first): the positions of `calls` are that run's calls of `forward`, in order.
   */
  readonly learnedFrom: number;
}

/** What the run that produced a trace learned about the previous plan's calls. */
export interface PlanFeedback {
  /** For a direct call of the trace, the position in the previous plan it answered to, if any. */
  readonly previousPositionOf: (position: number) => number | undefined;
  /** Positions of the previous plan whose early call went unused (`SpeculationReport.mispredictedPositions`). */
  readonly mispredicted: ReadonlySet<number>;
}

/**
 * @param runInput a copy of the run input taken before `forward` ran.
 * @param learnedFrom the number of the run that made `trace` (`TracePlan.learnedFrom`).
 */
export function buildPlan(trace: TracerContext, runInput: unknown, previous: TracePlan | undefined, feedback: PlanFeedback, learnedFrom: number): TracePlan {
  const { previousPositionOf, mispredicted } = feedback;
  const changed = previous === undefined ? noFields : changedFields(previous.runInput, runInput);
  const otherInput = changed.size > 0;
  const inputFields = fieldsOf(runInput);
  let predictsConstants = false;
  const latestPositionOf = new Map<number, number>();
  trace.direct.forEach((record) => {
    const earlier = previousPositionOf(record.position!);
    if (earlier !== undefined) latestPositionOf.set(earlier, record.position!);
  });
  const rename = (source: number) => (source === RUN_INPUT ? RUN_INPUT : latestPositionOf.get(source));
  const answers = trace.direct.map((record) => (record.failed ? undefined : { value: record.outputs }));
  const answerSteadyUnder = answers.map((answer, position) => {
    const earlierPosition = previousPositionOf(position);
    const earlier = earlierPosition === undefined ? undefined : previous?.calls[earlierPosition];
    return earlier ? steadyUnder(earlier.answerSteadyUnder, sameAnswer(earlier.answer, answer), changed) : noFields;
  });
  /**
   * The earlier calls a leaf predicted as a constant may have been computed from, among the
   * answers `forward` had when it made the call: for a string, those that share text with it (a
   * prompt built from an answer, a piece of one, a count written out); for a number or any other
   * value, whose text says nothing of where it came from, those that stayed the same while every
   * field of the run input changed (a count of such an answer stays the same too). A literal
   * string is then free to start at once, and a literal number waits only for answers that never
   * changed.
   */
  const computedFrom = (position: number, value: unknown): number[] =>
    typeof value === "string"
      ? trace.answeredBefore(position, value)
      : trace.answeredBefore(position).filter((source) => coversFields(answerSteadyUnder[source]!, inputFields));
  const traced = trace.direct.map((record) => record.inputTemplate!);
  const computed = computedStrings(traced);
  const calls = trace.direct.map((record): PlannedCall => {
    const op = record.operator.deref();
    const earlierPosition = previousPositionOf(record.position!);
    const earlier = earlierPosition === undefined ? undefined : previous?.calls[earlierPosition];
    const latest = traced[record.position!]!;
    const input = distrustComputed(earlier ? refineTemplate(earlier.input, latest, rename, changed) : latest, computed);
    const leaves = leavesOf(input).map(({ leaf }) => leaf);
    const predictions = leaves.map((leaf) => predictionOf(leaf, inputFields));
    if (predictions.every((how) => how !== "none") && predictions.includes("constant")) predictsConstants = true;
    const dependsOn = new Set(sourcesOf(input));
    dependsOn.delete(RUN_INPUT);
    predictions.forEach((how, i) => {
      if (how === "constant") for (const source of computedFrom(record.position!, leaves[i]!.value)) dependsOn.add(source);
    });
    const makesCalls = record.makesCalls || (earlier?.makesCalls ?? false);
    return {
      position: record.position!,
      operator: record.operator,
      instanceId: record.instanceId,
      operatorName: record.operatorName,
      input,
      dependsOn: [...dependsOn].sort((a, b) => a - b),
      predictable: predictions.every((how) => how !== "none"),
      // A call that failed when traced is never dispatched early: failing sooner gains nothing,
      // and an early start could make it the first failure in time where eager's was another.
      held: record.exception !== undefined || heldFor(previous, earlierPosition, earlier, mispredicted, otherInput, makesCalls),
      effects: record.effects || (op !== undefined && (hasEffects(op) || graphHasEffects(op))) || (earlier?.effects ?? false),
      makesCalls,
      answer: answers[record.position!],
      answerSteadyUnder: answerSteadyUnder[record.position!]!,
    };
  });
  const readers: number[][] = calls.map(() => []);
  for (const call of calls) for (const source of call.dependsOn) readers[source]!.push(call.position);
  const positionsOf = new Map<number, number[]>();
  for (const call of calls) {
    const positions = positionsOf.get(call.instanceId);
    if (positions) positions.push(call.position);
    else positionsOf.set(call.instanceId, [call.position]);
  }
  return { calls, readers, positionsOf, result: trace.resultTemplate, runInput, inputFields, predictsConstants, learnedFrom };
}

const noFields: ReadonlySet<FieldKey> = new Set();

/** Answers compare like inputs; one that cannot be walked is never the same as another. */
function sameAnswer(earlier: { value: unknown } | undefined, latest: { value: unknown } | undefined): boolean {
  if (!earlier || !latest) return false;
  try {
    return deepEqual(earlier.value, latest.value);
  } catch {
    return false;
  }
}

/**
 * The plan with these positions held back: what a failed run (whose trace stops at the failure,
 * so the plan is kept) learned about the early calls it did not use.
 */
export function holdBack(plan: TracePlan, positions: ReadonlySet<number>): TracePlan {
  if (positions.size === 0) return plan;
  return { ...plan, calls: plan.calls.map((call) => (positions.has(call.position) ? { ...call, held: true } : call)) };
}

/**
 * A first trace holds back only the calls of operators that make calls of their own: with no
 * earlier trace, no call is known to be conditional, and an input found by value in one trace
 * (`n > 1 ? "" : query` gave the query) is a guess, which for a leaf risks one call but for a
 * nested structure every call of its graph. After it, a call new to the plan, or mispredicted in
 * this run, is held until a trace with another run input makes it again (and so confirms or
 * distrusts where its input came from); the same input repeated cannot take another branch.
 */
function heldFor(
  previous: TracePlan | undefined,
  earlierPosition: number | undefined,
  earlier: PlannedCall | undefined,
  mispredicted: ReadonlySet<number>,
  otherInput: boolean,
  makesCalls: boolean,
): boolean {
  if (!previous) return makesCalls;
  if (!earlier || mispredicted.has(earlierPosition!)) return true;
  return earlier.held && !otherInput;
}
