// An async host node a group runs when it starts may finish within that moment (its awaits take no
// time) or wait for something that takes time (a timer, I/O the compiler cannot see). A sibling's
// effect after a wait for a call is held only to the end of the turn (`plan.waitsForHosts`): a
// review found that holding it until the host settled moved it past eager's order, and lost the
// sibling's later effects when the host then failed.
import { explain, Operator, structuralJit } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { compareWithEager, EffectfulFakeOperator } from "../../support/index.js";
import { afterFirst, Drafted, leaf, sleepInHost, type Ask, type Reply } from "./group-members.js";

/** Host code that takes time. */
async function slowly(text: string): Promise<string> {
  await sleepInHost(5);
  return text;
}

/** Host code that takes time and then fails (a file that is not there). */
async function slowlyFails(text: string): Promise<string> {
  await sleepInHost(5);
  throw new Error(`no ${text}`);
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

const slowHost = afterFirst((log) => [new Drafted(leaf(log, "draft")), new SlowHost()]);
const slowFail = afterFirst((log) => [new AuditsTwice(leaf(log, "draft"), new EffectfulFakeOperator<Ask, unknown>(log, { name: "audit" })), new SlowFails()]);

describe("async host code that takes time, beside a sibling's effect after a call", () => {
  it("the sibling's log after its call comes before the slow host's, as in eager", async () => {
    expect(explain(slowHost(false)().op).mode).toBe("structural");
    const runs = ["q", "r"].map((query) => ({ input: { query } }));
    const result = await compareWithEager(slowHost(true), runs, { makeCompiled: slowHost(false), console: true });
    expect(result.eager[0]!.console).toEqual(["log: drafted draft(none) first(q)", "log: slow first(q)"]);
    expect(result.differences).toEqual([]);
  });

  it("the sibling's effects after its call, made before the slow host fails in eager, are not lost", async () => {
    const result = await compareWithEager(slowFail(true), [{ input: { query: "q" } }], { makeCompiled: slowFail(false) });
    expect(result.eager[0]!.ok).toBe(false);
    expect(result.eager[0]!.effects).toEqual(['audit {"query":"1 draft(none)"}', 'audit {"query":"2 first(q)"}']);
    expect(result.differences).toEqual([]);
  });
});
