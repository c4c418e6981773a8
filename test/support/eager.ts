import { isDeepStrictEqual } from "node:util";
import { expect, vi } from "vitest";
import type { InvokeOptions, Operator } from "xcs-jit";
import { withRunScope } from "../../runtime/options/index.js";
import { SharedBudget } from "../../runtime/run-budget.js";
import { safeJson, type CallLog, type CallRecord } from "./call-log.js";

/** A fresh operator tree and the log its fake operators write to (one per run, so runs never share state). */
export interface Scenario<In = any> {
  readonly op: Operator<In, unknown>;
  readonly log: CallLog;
  /** Called before each run of this scenario (e.g. to point a module-level effect sink at `log`). */
  readonly enter?: () => void;
  /**
   * What the caller does with each run's result before the next run (a caller that changes the
   * result it was given): a later run must not see it, as eager's makes its result anew.
   */
  readonly consume?: (value: unknown) => void;
}

/** How one run went, in terms eager and compiled runs can be compared on. */
export interface Outcome {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: unknown;
  /** Effectful calls in the order they started. */
  readonly effects: string[];
  /** The calls this run made before it settled, in the order they started. */
  readonly calls: CallRecord[];
  /**
   * Calls that started after the run settled, once the clock ran what it left in the background
   * (eager's rejected `Promise.all` leaves its other members running; a compiled run must start
   * nothing then). Drained before the next run, so no run sees another's.
   */
  readonly after: CallRecord[];
  /** Console output during the run, when captured (`method: text`). */
  readonly console: string[];
  /** Console output once the run settled, while the clock ran what it left in the background (when captured). */
  readonly afterConsole: string[];
  /** The logical time of each console line. */
  readonly consoleAt: number[];
  /** Most calls in flight at once during this run. */
  readonly peak: number;
  /** Logical ticks from start to settle. */
  readonly makespan: number;
  /** The logical time the run started at. */
  readonly begin: number;
  readonly log: CallLog;
}

/** How the compiled side is run: by default `op.invoke(input, options)`. */
export type RunCompiled<In> = (op: Operator<In, unknown>, inputs: In, options?: InvokeOptions) => Promise<unknown>;

/** One run of a comparison: an input and the per-call options of the compiled `invoke`. */
export interface RunSpec<In> {
  readonly input: In;
  readonly options?: InvokeOptions;
}

export interface CompareOptions<In> {
  readonly run?: RunCompiled<In>;
  /** Capture console output (log/info/warn/error) and compare it like effects. */
  readonly console?: boolean;
  /** Read after each compiled run: what the runner says it spent by design (a tracing JIT's wasted early calls). */
  readonly allowance?: (op: Operator<In, unknown>) => Allowance | undefined;
}

/** Calls a runner may make beyond eager's by design (see `differences`). */
export interface Allowance {
  readonly extraPureCalls?: number;
}

const neverAborted = new AbortController().signal;

/**
 * Runs `forward` itself on the logical clock: the reference semantics. `bound`: under the bound
 * these options ask for (`sequential`, `maxConcurrency`), as the class runs uncompiled under them:
 * its code as written, each leaf call waiting for a slot of one budget for the run.
 */
export function runEager<In>(scenario: Scenario<In>, inputs: In, options: { console?: boolean; bound?: InvokeOptions } = {}): Promise<Outcome> {
  const forward = () => Promise.resolve(scenario.op.forward(inputs, { signal: neverAborted }));
  const { bound } = options;
  if (!isBounded(bound)) return observe(scenario, forward, options.console);
  const sequential = bound!.scheduler === "sequential";
  const budget = new SharedBudget(sequential ? 1 : bound!.maxConcurrency!, sequential);
  return observe(scenario, () => withRunScope(neverAborted, budget, forward), options.console);
}

/** Whether a run's options bound its calls in flight (`sequential`, `maxConcurrency`). */
function isBounded(options: InvokeOptions | undefined): boolean {
  return options?.scheduler === "sequential" || options?.maxConcurrency !== undefined;
}

/** Runs the operator the compiled way (`run`, by default `op.invoke`) on the logical clock. */
export function runCompiled<In>(scenario: Scenario<In>, inputs: In, run: RunCompiled<In> = (op, i, o) => op.invoke(i, o), spec: { options?: InvokeOptions; console?: boolean } = {}): Promise<Outcome> {
  return observe(scenario, () => run(scenario.op, inputs, spec.options), spec.console);
}

async function observe(scenario: Scenario, start: () => Promise<unknown>, captureConsole = false): Promise<Outcome> {
  const { log } = scenario;
  scenario.enter?.();
  const begin = log.clock.now;
  const from = log.records.length;
  log.resetPeak();
  const lines: string[] = [];
  const linesAt: number[] = [];
  const afterLines: string[] = [];
  let settled = false;
  if (captureConsole) {
    for (const method of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        const line = `${method}: ${args.map(String).join(" ")}`;
        if (settled) return void afterLines.push(line);
        lines.push(line);
        linesAt.push(log.clock.now);
      });
    }
  }
  const common = () => {
    const calls = log.records.slice(from);
    return { effects: calls.filter((r) => r.effects).map(describeCall), calls, console: lines, consoleAt: linesAt, peak: log.peak, makespan: log.clock.now - begin, begin, log };
  };
  let outcome: Omit<Outcome, "after" | "afterConsole">;
  try {
    try {
      const value = await log.clock.run(start);
      scenario.consume?.(value);
      outcome = { ok: true, value, ...common() };
    } catch (error) {
      outcome = { ok: false, error, ...common() };
    }
    settled = true;
    const settledAt = log.records.length;
    await log.clock.drain();
    return { ...outcome, after: log.records.slice(settledAt), afterConsole: afterLines };
  } finally {
    if (captureConsole) vi.restoreAllMocks();
  }
}

/**
 * `name <inputs as JSON>`, as the call was given them when it started: what identifies a call when
 * runs are compared (an operator declaring effects is logged with the object itself, which it, or
 * its caller, may change later).
 */
export function describeCall(record: CallRecord): string {
  return record.asked;
}

/**
 * What differs between an eager run and a compiled run of the same input, as readable lines
 * (none: they agree). This is the one definition of "compiled agrees with eager":
 *
 * - Result: both return, with deeply equal values (`isDeepStrictEqual`: a graph handle or a
 *   function where eager has a string differs); or both throw, with the same error (same
 *   constructor, same message: a run rejects with the node's own error).
 * - Effects: the effectful calls (and module-log entries), with their inputs, in exactly eager's
 *   order; console output (when captured) line for line (on a failing run raced as effects are: `racedConsole`). On failing runs too: an effect never
 *   starts early, and none may be lost — except those eager starts after the failing call started
 *   (a pure call started early fails sooner, `racedEffects`); on a run that returned, the first
 *   effects eager's left-running members made after it returned (a failure user code caught) may
 *   come sooner, woven in (`interleavesLeftRunning`); and under a bound the caller asked for (`sequential`,
 *   `maxConcurrency`), where effects eager runs concurrently interleave as the schedule runs them
 *   and a failing run may not start what eager started beside the failure (`boundedEffects`); a
 *   call may start after the run returned when user code stopped waiting for it. The error may
 *   be another call's that raced eager's failing one and failed first in the compiled run's time
 *   (`racedError`).
 * - Calls on a run that returned: exactly eager's calls, with the same inputs, as a multiset
 *   (counts included; order free, since independent calls overlap). A leaf read with a wrong
 *   input (`"Improve [object Object]"`) is a difference, and so is a call eager did not make (a
 *   paid call wasted).
 * - Calls on a run that threw: eager's calls the compiled run never made are allowed (it may fail
 *   sooner in time). A call eager did not make is allowed only if it is pure and had settled
 *   when the run did: the design lets a pure call start early that eager never reached, and it
 *   must then be aborted through its signal (or have ended by itself; how it ended is not
 *   observable, the run's error is checked above). Under `scheduler: "sequential"` nothing
 *   starts early, so no call eager did not make; but calls eager started together with the one
 *   that failed (one `Promise.all`) may never start, since one call at a time stops at the failure,
 *   and calls eager's other members made after its run settled may come before it (one at a time,
 *   a member runs to its end before the next starts).
 * - After the runs settle, the clock runs what each left in the background (eager's rejected
 *   `Promise.all` leaves its other members running), so no run sees another's calls: what the
 *   compiled run starts then must be among what eager starts then, or, under a bound or on a
 *   failing run, among eager's calls the run had not made yet (a member left running waits for
 *   its slots, or goes on after a failure that came sooner than eager's); the console lines it
 *   writes then likewise. They keep eager's order, except, under a bound, those eager made during
 *   its run: waiting for slots, they come in the schedule's order. Unbounded, every effect eager
 *   made after its run settled must be made, during the run or after (a failed group's other
 *   members go on to their end, as eager's do).
 * - `allowance.extraPureCalls`: instead, at most that many pure calls eager did not make, settled
 *   or not (a tracing JIT's mispredicted early calls, which its stats count; whether one must be
 *   aborted by the time its run settles belongs to the cancellation contract).
 */
export function differences(eager: Outcome, compiled: Outcome, options: InvokeOptions = {}, allowance: Allowance = {}): string[] {
  const found: string[] = [];
  const bounded = isBounded(options);
  if (eager.ok !== compiled.ok) {
    found.push(`eager ${show(eager)}, compiled ${show(compiled)}`);
  } else if (eager.ok && !isDeepStrictEqual(compiled.value, eager.value)) {
    found.push(`result differs: eager ${show(eager)}, compiled ${show(compiled)}`);
  } else if (!eager.ok && !sameError(compiled.error, eager.error) && !racedError(eager, compiled)) {
    found.push(`error differs: eager ${show(eager)}, compiled ${show(compiled)}`);
  }
  // Under a bound, on a run that returned: what eager made beside a failing call its code caught (a
  // member a caught `Promise.all` left running) may come after the run returned, waiting for a slot.
  const besideCaught = (at: number) => bounded && eager.ok && eager.calls.some((f) => f.outcome === "failed" && f.start <= at && at < (f.end ?? Infinity));
  const lateEffectsAllowed = eager.calls.filter((r) => r.effects && besideCaught(r.start)).map(describeCall);
  const lateLinesAllowed = eager.console.filter((_, i) => besideCaught(eager.consoleAt[i]!));
  const expectedEffects = bounded
    ? boundedEffects(eager, compiled.effects, compiled.after.filter((r) => r.effects).map(describeCall).filter((e) => take(lateEffectsAllowed, e)))
    : !eager.ok && !compiled.ok
      ? racedEffects(eager, compiled)
      : eager.ok && compiled.ok && interleavesLeftRunning(eager, compiled.effects)
        ? compiled.effects
        : eager.effects;
  const effectsDiffer = !isDeepStrictEqual(compiled.effects, expectedEffects);
  if (effectsDiffer) found.push(`effects differ: eager [${eager.effects.join("; ")}], compiled [${compiled.effects.join("; ")}]`);
  const expectedConsole = bounded
    ? boundedEffects(eager, compiled.console, compiled.afterConsole.filter((line) => take(lateLinesAllowed, line)), eager.console, eager.afterConsole)
    : !eager.ok && !compiled.ok
      ? racedConsole(eager, compiled)
      : eager.console;
  if (!isDeepStrictEqual(compiled.console, expectedConsole)) found.push(`console differs: eager ${JSON.stringify(eager.console)}, compiled ${JSON.stringify(compiled.console)}`);

  const unmatched = compiled.calls.filter((r) => !r.effects);
  // Eager's call may start only after the run settled: under a bound, one user code stopped
  // waiting for (a caught `Promise.all`) gets its slot then; on a failing run, a member left
  // running when its `Promise.all` rejected goes on after a failure that came sooner than eager's.
  const startsLate = bounded || !eager.ok;
  const late = startsLate ? compiled.after.filter((r) => !r.effects) : [];
  // Unbounded, only what eager started once its failing call had started can come after a sooner
  // failure: what eager made before that, the run must have made before failing.
  const failedFrom = bounded || eager.ok ? -Infinity : eager.calls.find((r) => r.outcome === "failed" && sameError(eager.error, r.error))?.start ?? Infinity;
  const mayBeLate = (r: CallRecord) => r.start >= failedFrom;
  const missing: string[] = [];
  const startedLate: string[] = [];
  // A late call is matched first: of two equal calls, one started early that eager never reached
  // may stand before the run settled (that is allowed), never one after it.
  for (const call of eager.calls.filter((r) => !r.effects)) {
    const lateAt = mayBeLate(call) ? late.findIndex((r) => describeCall(r) === describeCall(call)) : -1;
    const at = lateAt >= 0 ? -1 : unmatched.findIndex((r) => describeCall(r) === describeCall(call));
    if (lateAt >= 0) startedLate.push(describeCall(late.splice(lateAt, 1)[0]!));
    else if (at >= 0) unmatched.splice(at, 1);
    // Under a bound, a pure call eager made beside a failing call its code caught may be missing:
    // the failing (nested) run retired it while it waited for a slot, as it aborts pure work after
    // a failure (its result is never read).
    else if (!besideCaught(call.start)) missing.push(describeCall(call));
  }
  const sequential = options.scheduler === "sequential";
  const budget = allowance.extraPureCalls;
  // What eager's rejected `Promise.all` left running makes calls after its run settled; one at a
  // time, those members run to their end before the failing one is reached, so they come first. In
  // a run that returned (the failure caught), such a member's pure call may have been made early,
  // before the run settled: a graph starts pure calls ahead of program order.
  const eagerAfter = eager.after.map(describeCall);
  const reachedFirst = (sequential && !eager.ok) || eager.ok ? unmatched.filter((r) => take(eagerAfter, describeCall(r))) : [];
  const extra = unmatched.filter((r) => !reachedFirst.includes(r));
  if (budget !== undefined) {
    if (extra.length > budget) found.push(`more than ${budget} calls eager did not make: ${extra.map(describeCall).join("; ")}`);
  } else if (eager.ok || sequential) {
    if (extra.length > 0) found.push(`calls eager did not make: ${extra.map(describeCall).join("; ")}`);
  } else {
    const running = unmatched.filter((r) => r.end === undefined);
    if (running.length > 0) found.push(`calls eager did not make, still running when the run settled: ${running.map(describeCall).join("; ")}`);
  }
  if (eager.ok && missing.length > 0) found.push(`calls eager made and compiled did not: ${missing.join("; ")}`);
  // What a compiled run leaves going after it settled may only be what eager leaves going too,
  // or eager's calls the run had not made yet, when they may start late (`startsLate`).
  // Eager's made late come first: eager made them before it settled.
  const lateEffects: string[] = [];
  if (startsLate) {
    const effectsMade = [...compiled.effects];
    lateEffects.push(...eager.calls.filter((r) => r.effects && mayBeLate(r)).map(describeCall).filter((effect) => !take(effectsMade, effect)));
  }
  const eagerAfterEffects = [...lateEffects, ...eager.after.filter((r) => r.effects).map(describeCall)];
  eagerAfter.push(...startedLate, ...lateEffects);
  const strayAfter = compiled.after.map(describeCall).filter((call) => !take(eagerAfter, call));
  if (strayAfter.length > 0) found.push(`calls started after the run settled that eager does not make then: ${strayAfter.join("; ")}`);
  const afterEffects = compiled.after.filter((r) => r.effects).map(describeCall);
  // Eager's members a rejected `Promise.all` left running go on to their end, and so do the
  // compiled run's: unbounded, every effect eager made after its run settled is made, during the
  // run or after it (what eager made during its run is checked above).
  if (!bounded && !effectsDiffer) {
    const made = [...compiled.effects, ...afterEffects];
    for (const effect of eager.effects) take(made, effect);
    const never = eager.after.filter((r) => r.effects).map(describeCall).filter((effect) => !take(made, effect));
    if (never.length > 0) found.push(`effects eager made after its run settled that the compiled run never made: ${never.join("; ")}`);
  }
  // Under a bound, what eager made during its run and this run only after it waited for slots: the
  // schedule orders those, as it orders effects during the run (`boundedEffects`).
  const inOrder = (made: readonly string[], late: readonly string[]) => {
    const waiting = [...late];
    return bounded ? made.filter((item) => !take(waiting, item)) : made;
  };
  const expectedAfter = bounded ? eager.after.filter((r) => r.effects).map(describeCall) : eagerAfterEffects;
  if (!keepsOrder(inOrder(afterEffects, lateEffects), expectedAfter)) found.push(`effects made after the run settled out of eager's order: eager [${eagerAfterEffects.join("; ")}], compiled [${afterEffects.join("; ")}]`);
  // Console lines likewise: eager's of then, or, when they may come late, eager's the run had not written.
  const written = [...compiled.console];
  const lateLines = startsLate ? eager.console.filter((line) => !take(written, line)) : [];
  const eagerAfterLines = [...lateLines, ...eager.afterConsole];
  if (!keepsOrder(inOrder(compiled.afterConsole, lateLines), bounded ? eager.afterConsole : eagerAfterLines)) found.push(`console lines written after the run settled out of eager's order: eager ${JSON.stringify(eagerAfterLines)}, compiled ${JSON.stringify(compiled.afterConsole)}`);
  const strayLines = compiled.afterConsole.filter((line) => !take(eagerAfterLines, line));
  if (strayLines.length > 0) found.push(`console lines written after the run settled that eager does not write then: ${JSON.stringify(strayLines)}`);
  return found;
}

/**
 * Whether the compiled run's error is another call's that raced eager's failing one, as the design
 * allows ("among calls one `Promise.all` awaits together, the first to fail in time"): that call
 * failed in eager's run too, no sooner than eager's failing call did (so it was still running, in
 * the same `Promise.all`, or made after it by a member left running, not a failure user code
 * caught before), and in the compiled run it failed
 * no later than the call that raised eager's error (a pure call started early, a schedule under a
 * bound, or a tie on the clock, may make it the first in time there).
 */
function racedError(eager: Outcome, compiled: Outcome): boolean {
  const failedWith = (o: Outcome, error: unknown) => o.calls.find((r) => r.outcome === "failed" && sameError(error, r.error));
  const eagerFailure = failedWith(eager, eager.error);
  if (eagerFailure === undefined) return false;
  // Before eager settled, or after it in a member left running (a schedule may let a member get
  // further before another's failure than eager's timing did).
  const racing = [...eager.calls, ...eager.after].find((r) => r.outcome === "failed" && sameError(compiled.error, r.error) && (r.end ?? Infinity) >= eagerFailure.end!);
  const raised = failedWith(compiled, compiled.error);
  if (racing === undefined || raised === undefined) return false;
  const other = failedWith(compiled, eager.error);
  return other === undefined || raised.end! <= other.end!;
}

/**
 * The effects a failing unbounded run must have started, in eager's order. A pure call may start
 * before eager reaches it, so the timing of a `Promise.all`'s members moves against each other:
 * - the failing call may fail sooner than eager's does: its `Promise.all` then rejects before
 *   effects eager starts from that call's start on (in other members, still racing it); so eager's
 *   effects up to any point at or after the failing call's start in eager's run, none lost before;
 * - another member may get further before the failure: effects eager's members make only after
 *   its run settled (left running when their `Promise.all` rejected) may then come before it; so
 *   eager's effects followed by the first of those.
 * Nothing else added.
 */
function racedEffects(eager: Outcome, compiled: Outcome): readonly string[] {
  const made = eager.calls.filter((r) => r.effects);
  return raced(eager, compiled, compiled.effects.length, { items: eager.effects, at: made.map((r) => r.start), after: eager.after.filter((r) => r.effects).map(describeCall) });
}

/** The console lines a failing unbounded run must have written: as `racedEffects` for effects (a line's logical time says when eager wrote it). */
function racedConsole(eager: Outcome, compiled: Outcome): readonly string[] {
  return raced(eager, compiled, compiled.console.length, { items: eager.console, at: eager.consoleAt, after: eager.afterConsole });
}

/** `racedEffects` for eager's `items` made at `at`, and `after` made after its run settled, when the run made `kept`. */
function raced(eager: Outcome, compiled: Outcome, kept: number, eagers: { items: readonly string[]; at: readonly number[]; after: readonly string[] }): readonly string[] {
  const { items, at, after } = eagers;
  const failed = eager.calls.find((r) => r.outcome === "failed" && sameError(compiled.error, r.error));
  if (kept > items.length) return [...items, ...after].slice(0, kept);
  if (failed === undefined || kept === items.length || at.slice(kept).some((t) => t < failed.start)) return items;
  return items.slice(0, kept);
}

/**
 * Whether `actual` is eager's effects, in order, with the first effects eager's left-running
 * members made after its run returned woven in, in their order: a `Promise.all` whose failure user
 * code caught leaves its other members running, and one whose pure calls started early may get
 * further before the failure than eager's did (as on a failing run, `racedEffects`).
 */
function interleavesLeftRunning(eager: Outcome, actual: readonly string[]): boolean {
  const effects = eager.effects;
  const after = eager.after.filter((r) => r.effects).map(describeCall);
  const woven = actual.length - effects.length;
  // Members are left running by a failure: none of theirs comes before what eager did before that
  // failing call started (the `Promise.all` holding it had not started yet).
  const failedAt = Math.min(...eager.calls.filter((r) => r.outcome === "failed").map((r) => r.start));
  const before = eager.calls.filter((r) => r.effects && r.start < failedAt).length;
  if (woven <= 0 || woven > after.length || failedAt === Infinity) return false;
  // For the effects[0, i) done so far, `fits[j]`: actual's first i + j effects interleave them with after[0, j).
  let fits = new Array<boolean>(woven + 1);
  fits[0] = true;
  for (let j = 1; j <= woven; j++) fits[j] = before === 0 && fits[j - 1]! && after[j - 1] === actual[j - 1];
  for (let i = 1; i <= effects.length; i++) {
    const next = new Array<boolean>(woven + 1);
    for (let j = 0; j <= woven; j++) {
      const at = actual[i + j - 1];
      next[j] = (fits[j]! && effects[i - 1] === at) || (j > 0 && i >= before && next[j - 1]! && after[j - 1] === at);
    }
    fits = next;
  }
  return fits[woven]!;
}

/**
 * Whether the items of `actual` that `expected` holds come in `expected`'s order (each matched to
 * the next of its kind there): what a run leaves in the background is sequential code, whose
 * effects and lines keep their order. Items `expected` lacks are another check's.
 */
function keepsOrder(actual: readonly string[], expected: readonly string[]): boolean {
  const used = new Array<boolean>(expected.length).fill(false);
  let last = -1;
  for (const item of actual) {
    const next = expected.findIndex((e, k) => k > last && !used[k] && e === item);
    if (next >= 0) {
      used[next] = true;
      last = next;
    } else if (expected.some((e, k) => !used[k] && e === item)) {
      return false;
    }
  }
  return true;
}

/** Removes one `item` from `pool`; whether there was one. */
function take(pool: string[], item: string): boolean {
  const at = pool.indexOf(item);
  if (at >= 0) pool.splice(at, 1);
  return at >= 0;
}

/** The same error as far as a run can tell: class and message. */
function sameError(actual: unknown, expected: unknown): boolean {
  return (actual as Error)?.constructor === (expected as Error)?.constructor && (actual as Error)?.message === (expected as Error)?.message;
}

/**
 * Under a bound the caller asked for, what eager would show for `actual`: eager runs the calls of
 * one `Promise.all` (in its own code, or in code that runs as written) together, so the order in
 * which their effects interleave is the schedule's, not the program's; and a failing run stops
 * starting calls at the failure. Which of a `Promise.all`'s failing calls fails first is the
 * schedule's too, so an effect that names the failure user code caught (a log of its message) may
 * name another call that failed in eager's run. And the schedule may let a member get further
 * before another member's failure than eager's timing did. So `actual` must be eager's effects, or
 * on a failing run some of them and of those its members left running made after it, as a
 * multiset, up to which of eager's failures each names, but for those the run made after it
 * settled (`cameLate`: eager made them beside a failing call its code caught, and the run's
 * waited for slots when user code stopped waiting for them): returned in
 * `actual`'s order when it is, else eager's own (the mismatch). Console lines (`expected` and
 * `later` eager's lines) likewise.
 */
function boundedEffects(
  eager: Outcome,
  actual: readonly string[],
  cameLate: readonly string[],
  expected: readonly string[] = eager.effects,
  madeAfter: readonly string[] = eager.after.filter((r) => r.effects).map(describeCall),
): readonly string[] {
  const failures = [...eager.calls, ...eager.after].filter((r) => r.outcome === "failed").map((r) => String((r.error as Error)?.message ?? r.error)).filter((m) => m.length > 0);
  const anyFailure = (text: string) => failures.reduce((t, message) => t.split(message).join("<a failure of eager's run>"), text);
  // A member eager left running (a failing run's, or one whose failure user code caught) may get
  // further before the failure.
  const later = madeAfter.map(anyFailure);
  const required = expected.map(anyFailure);
  for (const item of actual) {
    const effect = anyFailure(item);
    if (!take(required, effect) && !take(later, effect)) return expected;
  }
  // What waited for a slot when user code stopped waiting for it (a caught `Promise.all`) may be
  // made after the run settled (checked there against what eager made then or may make late).
  for (const item of cameLate) take(required, anyFailure(item));
  return eager.ok && required.length > 0 ? expected : actual;
}

/**
 * Runs `runs` in order on one eager instance and on one compiled instance (so later runs reuse
 * the compiled instance's cached graph) and lists every difference, per run (see `differences`).
 * A run that returned in both, or failed in both, and differs is compared once more with eager
 * under the latencies the compiled run saw (`witnessRun`): which member of a `Promise.all` reaches
 * its effect first, or its failure, is timing, and a compiled run's is its own. `make` creates a fresh scenario; `makeCompiled`
 * (default `make`) the compiled side's.
 */
export async function compareWithEager<In>(
  make: () => Scenario<In>,
  runs: readonly RunSpec<In>[],
  options: CompareOptions<In> & { makeCompiled?: () => Scenario<In> } = {},
): Promise<{ eager: Outcome[]; compiled: Outcome[]; differences: string[] }> {
  const eagerScenario = make();
  const eager: Outcome[] = [];
  for (const { input } of runs) eager.push(await runEager(eagerScenario, input, options));
  const compiledScenario = (options.makeCompiled ?? make)();
  const compiled: Outcome[] = [];
  const allowances: (Allowance | undefined)[] = [];
  for (const spec of runs) {
    compiled.push(await runCompiled(compiledScenario, spec.input, options.run, { options: spec.options, console: options.console }));
    allowances.push(options.allowance?.(compiledScenario.op));
  }
  const found: string[] = [];
  for (const [i, spec] of runs.entries()) {
    let differing = differences(eager[i]!, compiled[i]!, spec.options, allowances[i]);
    // What a run did is eager's under the latencies it saw (`witnessRun`), when that replay does
    // the same: a run that returned, or one that failed (a pure call started early fails early:
    // eager's call started at its own time and quicker fails at that moment, with the effects
    // still running that the compiled run left running), with or without a bound (a call that
    // waited for a slot took that long). Under a bound, also eager's under that bound (`witnesses`).
    // A failing run's timing also has rules of its own (`racedEffects`, `racedError`).
    for (const witnessed of witnesses(spec.options)) {
      if (differing.length === 0 || eager[i]!.ok !== compiled[i]!.ok) break;
      const witness = await witnessRun(make, runs, compiled, i, witnessed, options.console);
      // A failing witness must fail as the compiled run did: the rules for raced failures allow
      // another of eager's failures, which the witness's own timing must not stretch.
      const failedAlike = witness.ok || sameError(witness.error, compiled[i]!.error);
      if (failedAlike && differences(witness, compiled[i]!, spec.options, allowances[i]).length === 0) differing = [];
    }
    found.push(...differing.map((d) => `run ${i + 1} (input ${safeJson(spec.input)}, options ${safeJson(spec.options ?? {})}): ${d}`));
  }
  return { eager, compiled, differences: found };
}

/**
 * Eager's run of `runs[at]` under the latencies the compiled runs saw, on a fresh scenario that
 * first replays the runs before it the same way (state one run leaves for the next may depend on
 * its timing). Every call ends when the compiled run's same call ended (its next one with that name
 * and input, in start order), or at once when eager starts it only after that: a compiled run
 * starts pure calls early, so the order in which the members of one `Promise.all` reach their
 * effects is its own, and it is eager's own under these latencies (a model call has no fixed
 * latency). A call the compiled run did not make takes its own latency. `ties`: calls that end at
 * one tick settle `together`, as the logical clock settles every call due then (a batched or cached
 * answer does); or `inOrder`, each a fraction of a tick after the one the compiled run saw end before
 * it (ticks are whole, latencies are not: a call eager starts only at that tick and answers at once
 * may then end before a call the compiled run saw end after it). What no latencies give (an effect
 * a member makes after waiting for a call before a sibling's made before its first wait, an effect
 * out of its member's order) still differs.
 */
async function witnessRun<In>(
  make: () => Scenario<In>, runs: readonly RunSpec<In>[], compiled: readonly Outcome[], at: number, witnessed: Witness, console?: boolean,
): Promise<Outcome> {
  const scenario = make();
  for (let j = 0; ; j++) {
    scenario.log.latencyOf = witnessed.ties === "own" ? undefined : latenciesOf(compiled[j]!, scenario.log.clock.now, witnessed.ties);
    try {
      const outcome = await runEager(scenario, runs[j]!.input, { console, bound: witnessed.bounded ? runs[j]!.options : undefined });
      if (j === at) return outcome;
    } finally {
      scenario.log.latencyOf = undefined;
    }
  }
}

/**
 * How a witness replays eager (`witnessRun`): `ties` as there, or `own` latencies; `bounded`, each
 * run under the bound its options ask for. A bound's meaning is eager's code with each call
 * waiting for a slot, as the class runs uncompiled under it: two effects eager's moment starts
 * together run one after the other then, the second given what the first changed; a call waiting
 * for a slot gets a copy of plain data only. So under a bound the compiled run may also do what
 * eager does under it, with its own latencies or the compiled run's.
 */
interface Witness {
  readonly ties: "together" | "inOrder" | "own";
  readonly bounded: boolean;
}

function witnesses(options: InvokeOptions | undefined): readonly Witness[] {
  const unbounded: Witness[] = [{ ties: "together", bounded: false }, { ties: "inOrder", bounded: false }];
  return isBounded(options) ? [...unbounded, { ties: "own", bounded: true }, { ties: "together", bounded: true }] : unbounded;
}

/** `CallLog.latencyOf` for a run starting now at `begin` that ends each call when `compiled`'s same call ended (`witnessRun`'s `ties`). */
function latenciesOf(compiled: Outcome, begin: number, ties: "together" | "inOrder"): (record: CallRecord) => number | undefined {
  const ended = [...compiled.calls, ...compiled.after].filter((record) => record.end !== undefined && record.outcome !== "aborted");
  // In the order the compiled run saw them end: by tick, then as its clock woke them (start order).
  const order = new Map([...ended].sort((a, b) => a.end! - b.end!).map((record, rank) => [record, rank]));
  const ends = new Map<string, number[]>();
  for (const record of ended) {
    const key = describeCall(record);
    const fraction = ties === "inOrder" ? (order.get(record)! + 1) / (2 * (ended.length + 1)) : 0;
    (ends.get(key) ?? ends.set(key, []).get(key)!).push(record.end! - compiled.begin + fraction);
  }
  return (record) => {
    const end = ends.get(describeCall(record))?.shift();
    return end === undefined ? undefined : Math.max(0, end - (record.start - begin));
  };
}

/**
 * Asserts that the compiled run agrees with eager `forward` (see `differences`): a fresh
 * scenario for each side, one input, `run` (default `op.invoke`) for the compiled side.
 * Returns both outcomes for further checks (peak concurrency, makespan).
 */
export async function expectSameAsEager<In>(
  make: () => Scenario<In>,
  inputs: In,
  run?: RunCompiled<In>,
  options: { console?: boolean } = {},
): Promise<{ eager: Outcome; compiled: Outcome }> {
  const result = await compareWithEager(make, [{ input: inputs }], { run, console: options.console });
  expect(result.differences).toEqual([]);
  return { eager: result.eager[0]!, compiled: result.compiled[0]! };
}

function show(o: Outcome): string {
  if (o.ok) return `returned ${safeJson(o.value)}`;
  const cause = o.error;
  return `threw ${cause instanceof Error ? `${cause.constructor.name}: ${cause.message}` : String(cause)}`;
}
