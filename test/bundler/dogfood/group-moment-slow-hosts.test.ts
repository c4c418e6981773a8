// An async host node a group runs when it starts may finish within that moment (its awaits take no
// time) or wait for something that takes time (a timer, I/O the compiler cannot see). A sibling's
// effect after a wait for a call is held only to the end of the turn (`plan.waitsForHosts`): a
// review found that holding it until the host settled moved it past eager's order, and lost the
// sibling's later effects when the host then failed.
import { explain, Operator, structuralJit } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { CallLog, compareWithEager, EffectfulFakeOperator, FakeOperator, LogicalClock, type Scenario } from "../../support/index.js";

type Ask = { query: string };
type Reply = { answer: string };

let clockOfHosts: LogicalClock | undefined;

/** Host code that takes time without a call the compiler can see (a timer, a file read). */
async function slowly(text: string): Promise<string> {
  await clockOfHosts!.sleep(5);
  return text;
}

function eagerInvoke(op: Operator<any, any>): void {
  op.invoke = async (inputs: unknown) => await op.forward(inputs, { signal: new AbortController().signal });
}

function leaf(log: CallLog, name: string, latency = 1) {
  return new FakeOperator<Ask, Reply>(log, { name, latency, compute: (i) => ({ answer: `${name}(${i.query})` }) });
}

@structuralJit
class QuickDraft extends Operator<Ask, Reply> {
  constructor(readonly draft: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const d = await this.draft.invoke({ query: "none" });
    console.log(`drafted ${d.answer} ${inputs.query}`);
    return d;
  }
}

@structuralJit
class SlowHost extends Operator<Ask, Reply> {
  async forward(inputs: Ask): Promise<Reply> {
    const text = await slowly(inputs.query);
    console.log(`slow ${text}`);
    return { answer: text };
  }
}

@structuralJit
class SlowHostPair extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly first: Operator<Ask, Reply>,
    readonly drafted: QuickDraft,
    readonly slow: SlowHost,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const f = await this.first.invoke({ query: inputs.query });
    const [d, s] = await Promise.all([this.drafted.invoke({ query: f.answer }), this.slow.invoke({ query: f.answer })]);
    return { answers: [d.answer, s.answer] };
  }
}

function slowHostScenario(eager: boolean) {
  return (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const drafted = new QuickDraft(leaf(log, "draft"));
    const slow = new SlowHost();
    if (eager) [drafted, slow].forEach(eagerInvoke);
    return { op: new SlowHostPair(leaf(log, "first", 3), drafted, slow), log, enter: () => (clockOfHosts = log.clock) };
  };
}

/** Host code that takes time and then fails (a file that is not there). */
async function slowlyFails(text: string): Promise<string> {
  await clockOfHosts!.sleep(5);
  throw new Error(`no ${text}`);
}

@structuralJit
class AuditsTwice extends Operator<Ask, Reply> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly audit: Operator<Ask, unknown>,
  ) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const d = await this.draft.invoke({ query: "none" });
    await this.audit.invoke({ query: `1 ${d.answer}` });
    await this.audit.invoke({ query: `2 ${inputs.query}` });
    return d;
  }
}

@structuralJit
class SlowFails extends Operator<Ask, Reply> {
  async forward(inputs: Ask): Promise<Reply> {
    const text = await slowlyFails(inputs.query);
    return { answer: text };
  }
}

@structuralJit
class SlowFailPair extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly first: Operator<Ask, Reply>,
    readonly audits: AuditsTwice,
    readonly fails: SlowFails,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const f = await this.first.invoke({ query: inputs.query });
    const [a, b] = await Promise.all([this.audits.invoke({ query: f.answer }), this.fails.invoke({ query: f.answer })]);
    return { answers: [a.answer, b.answer] };
  }
}

function slowFailScenario(eager: boolean) {
  return (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const audits = new AuditsTwice(leaf(log, "draft"), new EffectfulFakeOperator<Ask, unknown>(log, { name: "audit" }));
    const fails = new SlowFails();
    if (eager) [audits, fails].forEach(eagerInvoke);
    return { op: new SlowFailPair(leaf(log, "first", 3), audits, fails), log, enter: () => (clockOfHosts = log.clock) };
  };
}

describe("async host code that takes time, beside a sibling's effect after a call", () => {
  it("the sibling's log after its call comes before the slow host's, as in eager", async () => {
    expect(explain(slowHostScenario(false)().op).mode).toBe("structural");
    const runs = ["q", "r"].map((query) => ({ input: { query } }));
    const result = await compareWithEager(slowHostScenario(true), runs, { makeCompiled: slowHostScenario(false), console: true });
    expect(result.eager[0]!.console).toEqual(["log: drafted draft(none) first(q)", "log: slow first(q)"]);
    expect(result.differences).toEqual([]);
  });

  it("the sibling's effects after its call, made before the slow host fails in eager, are not lost", async () => {
    expect(explain(slowFailScenario(false)().op).mode).toBe("structural");
    const result = await compareWithEager(slowFailScenario(true), [{ input: { query: "q" } }], { makeCompiled: slowFailScenario(false) });
    expect(result.eager[0]!.ok).toBe(false);
    expect(result.eager[0]!.effects).toEqual(['audit {"query":"1 draft(none)"}', 'audit {"query":"2 first(q)"}']);
    expect(result.differences).toEqual([]);
  });
});
