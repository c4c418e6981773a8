// Start order of one moment: forms of group members the start order (`startOrder`,
// `waitsAt`/`passAwait`) must rank as eager runs them. Classes here are compiled by the project's
// own plugin (see inline-class.test.ts); the eager side runs every nested operator's `forward`
// as written, awaiting what `invoke` awaits.
import { explain, Operator, structuralJit } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { compareWithEager, EffectfulFakeOperator } from "../../support/index.js";
import { afterFirst, Drafted, leaf, sleepInHost, type Ask, type Reply } from "./group-members.js";

/** Code with an `await` that makes no call: it settles within the moment. */
async function settled(text: string): Promise<string> {
  return text;
}

// ---------------------------------------------------------------------------------------------
// 1. A member whose code awaits something that makes no call (a host node emitted `async`), beside
//    a member whose log follows a call that started early. Eager: when the group starts, the
//    first member's `await settled(...)` settles within the moment, so its log comes first; the
//    second member's log waits for its call, started only then.

@structuralJit
class Settles extends Operator<Ask, Reply> {
  async forward(inputs: Ask): Promise<Reply> {
    const text = await settled(inputs.query);
    console.log(`settled ${text}`);
    return { answer: text };
  }
}

const hostAwait = afterFirst((log) => [new Drafted(leaf(log, "draft")), new Settles()]);

// ---------------------------------------------------------------------------------------------
// 2. A member with a `Promise.all` of its own, whose async callback waits for two calls in turn,
//    beside a member that waits for one call. Every call's input is constant, so the compiled run
//    started them all early; eager starts them when the group starts, and the member that waited
//    for one call logs before the one that waited for two, with these latencies and in the replay
//    under the compiled run's (every early call ends as eager starts it: the waits alone order them).

@structuralJit
class TwoCallsInner extends Operator<Ask, Reply> {
  names = ["only"];

  constructor(
    readonly x1: Operator<Ask, Reply>,
    readonly x2: Operator<Ask, Reply>,
    readonly audit: Operator<Ask, unknown>,
  ) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const parts = await Promise.all(
      this.names.map(async (name) => {
        const a = await this.x1.invoke({ query: name });
        const b = await this.x2.invoke({ query: name });
        const c = await this.audit.invoke({ query: `two calls ${a.answer} ${b.answer}` });
        return { name, text: b.answer, c };
      }),
    );
    return { answer: `${parts.map((p) => p.text).join(" ")} ${inputs.query}` };
  }
}

@structuralJit
class OneCall extends Operator<Ask, Reply> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly audit: Operator<Ask, unknown>,
  ) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const r = await this.draft.invoke({ query: "none" });
    await this.audit.invoke({ query: `one call ${r.answer}` });
    return { answer: `${r.answer} ${inputs.query}` };
  }
}

const nested = afterFirst((log) => {
  const audit = new EffectfulFakeOperator<Ask, unknown>(log, { name: "audit" });
  return [new TwoCallsInner(leaf(log, "x1"), leaf(log, "x2"), audit), new OneCall(leaf(log, "draft"), audit)];
});

// ---------------------------------------------------------------------------------------------
// 3. A member that is an operator with a `static spec` whose input schema validates
//    asynchronously and takes time (a lookup), beside a member whose log follows a call that
//    started early. Eager awaits the check when the group starts: the log after it comes once the
//    check is done, after the sibling's.

const slowCheck = {
  "~standard": {
    version: 1 as const,
    vendor: "group-moment-order",
    validate: async (value: unknown) => {
      await sleepInHost(2);
      return { value };
    },
  },
};

@structuralJit
class SlowChecked extends Operator<Ask, Reply> {
  static override spec = { input: slowCheck };

  async forward(inputs: Ask): Promise<Reply> {
    console.log(`checked ${inputs.query}`);
    return { answer: inputs.query };
  }
}

/** Calls `SlowChecked` with a constant input: its check needs nothing from the awaits before the group. */
@structuralJit
class ChecksConstant extends Operator<Ask, Reply> {
  constructor(readonly checked: SlowChecked) {
    super();
  }

  async forward(_inputs: Ask): Promise<Reply> {
    return this.checked.invoke({ query: "constant" });
  }
}

const slowCheckPair = afterFirst((log) => {
  const checked = new SlowChecked();
  return [new Drafted(leaf(log, "draft")), new ChecksConstant(checked), checked];
});

describe("start order of one moment, against eager", () => {
  it("a member's host code that awaits without a call logs before a sibling's log after a call", async () => {
    expect(explain(hostAwait(false)().op).mode).toBe("structural");
    const runs = ["q", "r"].map((query) => ({ input: { query } }));
    const result = await compareWithEager(hostAwait(true), runs, { makeCompiled: hostAwait(false), console: true });
    expect(result.eager[0]!.console).toEqual(["log: settled first(q)", "log: drafted draft(none) first(q)"]);
    expect(result.differences).toEqual([]);
  });

  it("a member's own Promise.all that waits for two calls logs after a sibling that waits for one", async () => {
    expect(explain(nested(false)().op).mode).toBe("structural");
    const runs = ["q", "r"].map((query) => ({ input: { query } }));
    const result = await compareWithEager(nested(true), runs, { makeCompiled: nested(false), console: true });
    expect(result.eager[0]!.effects).toEqual(['audit {"query":"one call draft(none)"}', 'audit {"query":"two calls x1(only) x2(only)"}']);
    expect(result.differences).toEqual([]);
  });

  it("a member's asynchronous input check that takes time is waited for like a call", async () => {
    expect(explain(slowCheckPair(false)().op).mode).toBe("structural");
    const runs = ["q", "r"].map((query) => ({ input: { query } }));
    const result = await compareWithEager(slowCheckPair(true), runs, { makeCompiled: slowCheckPair(false), console: true });
    expect(result.eager[0]!.console).toEqual(["log: drafted draft(none) first(q)", "log: checked constant"]);
    expect(result.differences).toEqual([]);
  });
});
