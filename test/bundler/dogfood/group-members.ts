// What the tests of one group's start order share (group-moment-*.test.ts): classes here are
// compiled by the project's own plugin, as theirs are; the eager side runs each nested operator's
// `forward` as written, awaiting what `invoke` awaits.
import { Operator, structuralJit, type OperatorSpec } from "xcs-jit";
import { validateInput } from "../../../runtime/schema/index.js";
import { CallLog, FakeOperator, LogicalClock, type Scenario } from "../../support/index.js";

export type Ask = { query: string };
export type Reply = { answer: string };

let clockOfRun: LogicalClock | undefined;

/** Host code that takes time without a call the compiler can see (a timer, a file read): it sleeps on the running scenario's clock. */
export function sleepInHost(ticks: number): Promise<void> {
  return clockOfRun!.sleep(ticks);
}

export function leaf(log: CallLog, name: string, latency = 1): FakeOperator<Ask, Reply> {
  return new FakeOperator<Ask, Reply>(log, { name, latency, compute: (i) => ({ answer: `${name}(${i.query})` }) });
}

/** Eager all the way down: `op`'s `forward` as written, not its graph, after the input check `invoke` awaits. */
export function eagerInvoke(op: Operator<any, any>): void {
  const spec = (op.constructor as { spec?: OperatorSpec }).spec;
  op.invoke = async (inputs: unknown) => {
    const input = spec?.input ? await validateInput(op.constructor.name, spec.input, inputs) : inputs;
    return await op.forward(input, { signal: new AbortController().signal });
  };
}

/** A member whose draft needs nothing from the awaits before its group (its input is constant), then a log. */
@structuralJit
export class Drafted extends Operator<Ask, Reply> {
  constructor(readonly draft: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const d = await this.draft.invoke({ query: "none" });
    console.log(`drafted ${d.answer} ${inputs.query}`);
    return d;
  }
}

/** A member that drafts from its input, then audits the draft. */
@structuralJit
export class DraftThenAudit extends Operator<Ask, Reply> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly audit: Operator<Ask, unknown>,
  ) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const d = await this.draft.invoke({ query: inputs.query });
    await this.audit.invoke({ query: d.answer });
    return d;
  }
}

/** `first` (3 ticks), then a `Promise.all` of two members given its answer. */
@structuralJit
export class AfterFirst extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly first: Operator<Ask, Reply>,
    readonly left: Operator<Ask, Reply>,
    readonly right: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const f = await this.first.invoke({ query: inputs.query });
    const [l, r] = await Promise.all([this.left.invoke({ query: f.answer }), this.right.invoke({ query: f.answer })]);
    return { answers: [l.answer, r.answer] };
  }
}

/**
 * Scenarios of `AfterFirst` over the two members `members` makes on a scenario's log (then any
 * operator nested in them, which eager also runs as written), eager (`true`) or compiled.
 */
export function afterFirst(members: (log: CallLog) => readonly [Operator<Ask, Reply>, Operator<Ask, Reply>, ...Operator<any, any>[]]) {
  return (eager: boolean) => (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const made = members(log);
    if (eager) made.forEach(eagerInvoke);
    return { op: new AfterFirst(leaf(log, "first", 3), made[0], made[1]), log, enter: () => void (clockOfRun = log.clock) };
  };
}
