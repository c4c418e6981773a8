// The end-of-turn hold (`plan.waitsForHosts`, `TURN` in the parallel scheduler): an ordered node
// after a wait for a call, ready while an `async` host node its group ran when it started still
// runs, is held to the end of the turn. Found by a review of its first version: a held node lost
// when the host failed within that turn, and a member's chain of held nodes taking a turn each.
import { explain, Operator, structuralJit } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { compareWithEager, EffectfulFakeOperator } from "../../support/index.js";
import { afterFirst, DraftThenAudit, leaf, sleepInHost, type Ask, type Reply } from "./group-members.js";

// ---------------------------------------------------------------------------------------------
// 1. The host fails in the same turn the sibling's effect became ready (after the sibling's call
//    settled, a few microtasks before the host's failure). Eager: the sibling's audit starts at
//    tick 1, before the group rejects. The compiled run holds the audit to the end of the turn; the
//    run fails within the turn, and the audit must still start (it was ready before the failure).

/** Host code that takes time and fails a few microtasks after its timer (a read that then throws). */
async function failsAfterTick(text: string): Promise<string> {
  await sleepInHost(1);
  for (let k = 0; k < 5; k++) await null;
  throw new Error(`no ${text}`);
}

@structuralJit
class FailsSameTick extends Operator<Ask, Reply> {
  async forward(inputs: Ask): Promise<Reply> {
    const text = await failsAfterTick(inputs.query);
    return { answer: text };
  }
}

const sameTickFail = afterFirst((log) => [new DraftThenAudit(leaf(log, "draft"), new EffectfulFakeOperator<Ask, unknown>(log, { name: "audit" })), new FailsSameTick()]);

// ---------------------------------------------------------------------------------------------
// 2. Chained holds. A member whose code after its call is several ordered nodes (a log, steps of
//    a compiled helper with no call, an audit) runs all of it within the moment its call settles
//    in eager; held once per node (the first version), it took a turn per node, and the test
//    clock, which settles three turns before it moves time on (test/support/clock.ts), started
//    the chain's audit after the other member's that eager makes two ticks later. A unit is held
//    to the end of one turn at most.

/** Host code that takes time (a timer the compiler cannot see). */
async function threeTicks(text: string): Promise<string> {
  await sleepInHost(3);
  return text;
}

@structuralJit
class Note extends Operator<Ask, Reply> {
  async forward(inputs: Ask): Promise<Reply> {
    console.log(`note ${inputs.query}`);
    return { answer: `${inputs.query}+` };
  }
}

@structuralJit
class NotesThenAudit extends Operator<Ask, Reply> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly note: Note,
    readonly audit: Operator<Ask, unknown>,
  ) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const d = await this.draft.invoke({ query: inputs.query });
    console.log(`drafted ${d.answer}`);
    const a = await this.note.invoke({ query: d.answer });
    const b = await this.note.invoke({ query: a.answer });
    const c = await this.note.invoke({ query: b.answer });
    const d2 = await this.note.invoke({ query: c.answer });
    const e = await this.note.invoke({ query: d2.answer });
    await this.audit.invoke({ query: e.answer });
    return e;
  }
}

/** Its audit follows a host's await, not a call's: it is held for no host (and starts as eager's does). */
@structuralJit
class LateAudit extends Operator<Ask, Reply> {
  constructor(readonly audit: Operator<Ask, unknown>) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const text = await threeTicks(inputs.query);
    await this.audit.invoke({ query: `late ${text}` });
    return { answer: text };
  }
}

const chained = afterFirst((log) => {
  const audit = new EffectfulFakeOperator<Ask, unknown>(log, { name: "audit" });
  const note = new Note();
  return [new NotesThenAudit(leaf(log, "draft"), note, audit), new LateAudit(audit), note];
});

describe("a node held to the end of the turn", () => {
  it("starts although the host it was held for fails within that turn", async () => {
    expect(explain(sameTickFail(false)().op).mode).toBe("structural");
    const result = await compareWithEager(sameTickFail(true), [{ input: { query: "q" } }], { makeCompiled: sameTickFail(false) });
    expect(result.eager[0]!.ok).toBe(false);
    expect(result.eager[0]!.effects).toEqual(['audit {"query":"draft(first(q))"}']);
    expect(result.differences).toEqual([]);
  });

  it("a member's code after its call, several held nodes long, runs before effects eager makes ticks later", async () => {
    expect(explain(chained(false)().op).mode).toBe("structural");
    const result = await compareWithEager(chained(true), [{ input: { query: "q" } }], { makeCompiled: chained(false), console: true });
    expect(result.eager[0]!.effects).toEqual(['audit {"query":"draft(first(q))+++++"}', 'audit {"query":"late first(q)"}']);
    expect(result.differences).toEqual([]);
  });
});
