/**
 * The speculation rule (docs/internals.md, "Speculation rule"): an early call only on an input
 * this run's values predict, or constants that stayed the same while every field of the run
 * input changed; a call some trace did not make, or once mispredicted (a failed run: every call
 * from where it left the plan), waits for `forward` until a run with another input makes it
 * again; plans keyed by `stateSignature()`; an early call never starts before an answer its input
 * was found in or (a constant) may have been computed from, and one nobody used stops when the
 * run ends. Each case runs a new input after repeated
 * ones and must make exactly eager's leaf calls (call counts on the logical clock, no timings).
 */
import { describe, expect, it } from "vitest";
import { Operator, explain, getJitStats, jit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator } from "../support/fake-operators.js";
import { expectEagerOnEveryRun, withJit, type Decorate } from "./eager-twins.js";

type Question = { question: string };

function newLog() {
  return new CallLog(new LogicalClock());
}

/** A leaf answering with what it was asked, so a stale input would show in the result. */
function echoLeaf(log: CallLog, name: string) {
  return new FakeOperator(log, { name, compute: (inputs: Record<string, unknown>) => ({ text: `${name}(${Object.values(inputs).join("|")})` }) });
}

const sky = { question: "Why is the sky blue?" };
const bread = { question: "What makes bread rise?" };
const tide = { question: "What causes the tides?" };

describe("the speculation rule", () => {
  it("a prompt built with a template string is never predicted from the last run's input", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [summarize, critique, audit] = [echoLeaf(log, "summarize"), echoLeaf(log, "critique"), echoLeaf(log, "audit")];
      class Templated extends Operator<Question, unknown> {
        async forward(inputs: Question) {
          const summary = await summarize.invoke({ prompt: `Summarize: ${inputs.question}` });
          const critic = await critique.invoke({ prompt: `Critique: ${summary.text}`, style: "terse" });
          // Effects nobody declared: a stale early call would log the wrong question.
          await audit.invoke({ entry: `answered ${inputs.question}` });
          return critic;
        }
      }
      return { op: new (decorate(Templated))(), log };
    };
    const { jitted } = await expectEagerOnEveryRun(make, [sky, sky, bread, bread, tide]);
    expect(getJitStats(jitted.op).speculation.wasted).toBe(0);
    expect(jitted.log.records.filter((r) => r.name === "audit").map((r) => r.inputs)).toEqual(
      [sky, sky, bread, bread, tide].map((q) => ({ entry: `answered ${q.question}` })),
    );
  });

  it("a constant is trusted once runs with different inputs agree on it, and only then", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [first, second] = [echoLeaf(log, "first"), echoLeaf(log, "second")];
      class WithConstant extends Operator<Question, unknown> {
        async forward(inputs: Question) {
          const a = await first.invoke({ question: inputs.question, style: "terse" });
          const b = await second.invoke({ question: inputs.question, style: "formal" });
          return [a, b];
        }
      }
      return { op: new (decorate(WithConstant))(), log };
    };
    const { jitted } = await expectEagerOnEveryRun(make, [sky, sky, bread, tide]);
    const stats = getJitStats(jitted.op);
    // Runs 1 and 2 (one input) prove nothing about the constants; run 3 saw another input agree.
    expect(stats.lastRun!.speculation).toMatchObject({ dispatched: 2, used: 2, wasted: 0 });
    expect(stats.speculation.dispatched).toBe(2);
  });

  it("a prompt computed from a field that stayed the same while another changed is not a constant", async () => {
    type Request = { topic: string; question: string };
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [frame, answer] = [echoLeaf(log, "frame"), echoLeaf(log, "answer")];
      class TopicPrompt extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          // Computed from `topic` alone: the same while only `question` changes.
          const framed = await frame.invoke({ prompt: `Topic: ${inputs.topic.toUpperCase()}` });
          return answer.invoke({ context: framed.text, question: inputs.question });
        }
      }
      return { op: new (decorate(TopicPrompt))(), log };
    };
    const physics = (question: string) => ({ topic: "physics", question });
    const runs = [physics(sky.question), physics(tide.question), physics(bread.question), { topic: "baking", question: bread.question }, { topic: "tides", question: tide.question }];
    const { jitted } = await expectEagerOnEveryRun(make, runs);
    // Traces with other questions agreed on the prompt, but `topic` never changed under it:
    // nothing says the prompt does not follow `topic`, so `frame` waits for forward on every
    // run; only `answer`, read from frame's output and the question, is sent early (runs 2 to 5).
    expect(getJitStats(jitted.op).speculation).toMatchObject({ dispatched: 4, used: 4, wasted: 0 });
    expect(getJitStats(jitted.op).lastRun!.nodeTimings.map((t) => [t.label, t.servedEarly])).toEqual([
      ["frame", false],
      ["answer", true],
    ]);
  });

  it("a constant is trusted once every field of the run input has changed under it", async () => {
    type Request = { topic: string; question: string };
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [first, second] = [echoLeaf(log, "first"), echoLeaf(log, "second")];
      class Constant extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          const a = await first.invoke({ style: "terse", topic: inputs.topic });
          return second.invoke({ style: "formal", after: a.text, question: inputs.question });
        }
      }
      return { op: new (decorate(Constant))(), log };
    };
    const runs = [
      { topic: "physics", question: sky.question },
      { topic: "physics", question: tide.question },
      { topic: "baking", question: bread.question },
      { topic: "tides", question: tide.question },
    ];
    const { jitted } = await expectEagerOnEveryRun(make, runs);
    const stats = getJitStats(jitted.op);
    // Run 2 changed only `question`; run 3 changed `topic` too: the last run trusts both constants.
    expect(stats.lastRun!.speculation).toMatchObject({ dispatched: 2, used: 2, wasted: 0 });
    expect(stats.speculation).toMatchObject({ dispatched: 2, wasted: 0 });
  });

  it("a constant waits for forward on a run whose input has a field no trace has seen", async () => {
    type Request = { question: string; style?: string };
    const make = (decorate: Decorate) => {
      const log = newLog();
      const answer = echoLeaf(log, "answer");
      class Styled extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          return answer.invoke({ style: inputs.style ?? "plain", question: inputs.question });
        }
      }
      return { op: new (decorate(Styled))(), log };
    };
    const runs: Request[] = [sky, bread, tide, { question: sky.question, style: "formal" }];
    const { jitted } = await expectEagerOnEveryRun(make, runs);
    // Run 3 sends "plain" early (the question changed under it); run 4 brings `style`, which no
    // trace had, so "plain" is not sent with it.
    expect(getJitStats(jitted.op).speculation).toMatchObject({ dispatched: 1, used: 1, wasted: 0 });
  });

  it("a call made on one branch only waits for forward until a run with another input makes it again", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [classify, detail, extra] = [
        new FakeOperator(log, { name: "classify", compute: (i: Question) => ({ simple: i.question.includes("sky") }) }),
        echoLeaf(log, "detail"),
        echoLeaf(log, "extra"),
      ];
      class EarlyReturn extends Operator<Question, unknown> {
        async forward(inputs: Question) {
          const kind = await classify.invoke({ question: inputs.question });
          if (kind.simple) return { short: true };
          const d = await detail.invoke({ question: inputs.question });
          const e = await extra.invoke({ question: inputs.question });
          return [d, e];
        }
      }
      return { op: new (decorate(EarlyReturn))(), log };
    };
    const { jitted } = await expectEagerOnEveryRun(make, [bread, bread, sky, sky, tide, sky, bread], { allowMispredicted: true });
    // Run 3 (sky) takes the early return no trace had seen: detail and extra are wasted, once
    // each. From then on both are conditional, and the later flips waste nothing.
    expect(getJitStats(jitted.op).speculation.wasted).toBe(2);
    // The last run (bread) made them again after a run without them: explain says why they wait.
    const held = explain(jitted.op).diagnostics.filter((d) => d.includes("conditional or was mispredicted"));
    expect(held.map((d) => d.split(" is ")[0])).toEqual(["call 1 (detail)", "call 2 (extra)"]);
  });

  describe("an operator that makes calls of its own (a nested structure's graph)", () => {
    type Request = { query: string; n: number };
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [m0, m1, m2] = [echoLeaf(log, "m0"), echoLeaf(log, "m1"), echoLeaf(log, "m2")];
      // Not decorated: its early run makes its three calls under the parent's early call.
      class Panel extends Operator<{ query: string }, unknown> {
        async forward(inputs: { query: string }) {
          return Promise.all([m0, m1, m2].map((m) => m.invoke({ query: inputs.query })));
        }
      }
      const panel = new Panel();
      class Guarded extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          // The same string as the run input's field unless n > 1: one trace cannot tell which.
          return panel.invoke({ query: inputs.n > 1 ? "" : inputs.query });
        }
      }
      return { op: new (decorate(Guarded))(), log };
    };

    it("is not dispatched early on an input one trace found by value", async () => {
      // Run 2 changes only n: an early call on the first trace's guess would waste all three calls.
      const { jitted } = await expectEagerOnEveryRun(make, [{ query: "hi", n: 1 }, { query: "hi", n: 2 }, { query: "hi", n: 2 }]);
      expect(getJitStats(jitted.op).speculation).toMatchObject({ dispatched: 0, wasted: 0 });
    });

    it("once a trace with another input confirmed it, a misprediction counts every call its early run made", async () => {
      const runs = [{ query: "a", n: 1 }, { query: "b", n: 1 }, { query: "c", n: 1 }, { query: "d", n: 2 }];
      const { jitted } = await expectEagerOnEveryRun(make, runs, { allowMispredicted: true });
      // Run 3 ran it early, as confirmed by run 2; run 4 sent "d" where forward asked for "".
      const speculation = getJitStats(jitted.op).speculation;
      expect(speculation).toMatchObject({ dispatched: 2, used: 1, unused: 1, wasted: 3 });
      expect(jitted.log.records.filter((r) => JSON.stringify(r.inputs) === JSON.stringify({ query: "d" })).map((r) => r.name)).toEqual(["m0", "m1", "m2"]);
    });
  });

  it("a string forward computed is never read from an output that handed it back", async () => {
    type Pair = { first: string; second: string };
    const make = (decorate: Decorate) => {
      const log = newLog();
      // Hands its prompt back, as a tool or a model quoting its input may.
      const repeat = new FakeOperator(log, { name: "repeat", compute: (i: { prompt: string }) => ({ said: i.prompt }) });
      const answer = echoLeaf(log, "answer");
      class TwoPrompts extends Operator<Pair, unknown> {
        async forward(inputs: Pair) {
          const said = await repeat.invoke({ prompt: `About ${inputs.first}` });
          return [said, await answer.invoke({ prompt: `About ${inputs.second}` })];
        }
      }
      return { op: new (decorate(TwoPrompts))(), log };
    };
    // Run 1 computes "About cats" twice: the second sits in repeat's output, by no dependency.
    // Runs 3 and 4 compute equal prompts again, with other values: still no dependency.
    const runs = [
      { first: "cats", second: "cats" },
      { first: "dogs", second: "cats" },
      { first: "owls", second: "owls" },
      { first: "emus", second: "emus" },
      { first: "hens", second: "bats" },
    ];
    const { jitted } = await expectEagerOnEveryRun(make, runs);
    expect(getJitStats(jitted.op).speculation.wasted).toBe(0);
  });

  it("an early call never starts before a call whose output its traced input was found in, a constant's included", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      // Hands its first input value back, as a tool or a model quoting its input may.
      const quote = new FakeOperator(log, { name: "quote", latency: 2, compute: (i: { q: string }) => ({ said: i.q }) });
      const answer = echoLeaf(log, "answer");
      class Quoted extends Operator<Question, unknown> {
        async forward(inputs: Question) {
          const said = await quote.invoke({ q: "k0" });
          // Reads quote's output: the same literal every run, yet eager's data flow has it wait for quote.
          return answer.invoke({ quoted: said.said, question: inputs.question });
        }
      }
      return { op: new (decorate(Quoted))(), log };
    };
    const { jitted } = await expectEagerOnEveryRun(make, [sky, bread, tide, sky]);
    const { records } = jitted.log;
    for (let run = 0; run < 4; run++) {
      const [quoted, answered] = [records[2 * run]!, records[2 * run + 1]!];
      expect([quoted.name, answered.name]).toEqual(["quote", "answer"]);
      expect(answered.start, `run ${run + 1}`).toBeGreaterThanOrEqual(quoted.end!);
    }
    // Still early: both calls are sent on the last runs, `answer` as soon as quote has answered.
    expect(getJitStats(jitted.op).lastRun!.speculation).toMatchObject({ dispatched: 2, used: 2, wasted: 0 });
  });

  it("a constant forward computed from an answer that stayed the same never starts before that answer; a literal still starts at once", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const fixed = new FakeOperator(log, { name: "fixed", latency: 2, compute: () => ({ text: "house style: plain words" }) });
      const [frame, count, answer] = [echoLeaf(log, "frame"), echoLeaf(log, "count"), echoLeaf(log, "answer")];
      class FromAnswer extends Operator<Question, unknown> {
        async forward(inputs: Question) {
          // The same input every run, so the same answer: what forward computes from it stays the same too.
          const style = await fixed.invoke({ key: "style" });
          const framed = await frame.invoke({ prompt: `Use this ${style.text.toUpperCase()}` });
          const counted = await count.invoke({ words: style.text.split(" ").length });
          // Reads no answer: a literal and the run input, free to start with the first call.
          const answered = await answer.invoke({ question: inputs.question, tone: "warm" });
          return [framed, counted, answered];
        }
      }
      return { op: new (decorate(FromAnswer))(), log };
    };
    const runs = [sky, bread, tide, sky];
    const { jitted } = await expectEagerOnEveryRun(make, runs);
    const { records } = jitted.log;
    expect(records).toHaveLength(4 * runs.length);
    for (let run = 0; run < runs.length; run++) {
      const calls = records.slice(4 * run, 4 * run + 4);
      const at = (name: string) => calls.find((r) => r.name === name)!;
      for (const reader of ["frame", "count"]) expect(at(reader).start, `run ${run + 1}: ${reader}`).toBeGreaterThanOrEqual(at("fixed").end!);
      // From the third run on (two inputs that differ in every field agreed on the constants) it starts with `fixed`.
      if (run >= 2) expect(at("answer").start, `run ${run + 1}: answer`).toBeLessThan(at("fixed").end!);
    }
    // Still early: every call is sent on the last run, the readers as soon as `fixed` has answered.
    expect(getJitStats(jitted.op).lastRun!.speculation).toMatchObject({ dispatched: 4, used: 4, wasted: 0 });
  });

  it("an early call found mispredicted while it runs is stopped when the run ends, not left running into the next", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      // Slower on the input the plan predicts than on the one forward gives it this time.
      const lookup = new FakeOperator(log, { name: "lookup", latency: (i: { q: string; exact?: boolean }) => (i.exact ? 1 : 5), compute: (i: { q: string; exact?: boolean }) => ({ text: i.q }) });
      class ByLength extends Operator<Question, unknown> {
        async forward(inputs: Question) {
          const exact = inputs.question.length % 2 === 1;
          return lookup.invoke(exact ? { q: inputs.question, exact } : { q: inputs.question });
        }
      }
      return { op: new (decorate(ByLength))(), log };
    };
    const runs = [{ question: "ab" }, { question: "abc" }, { question: "abcde" }];
    const { jitted, reports } = await expectEagerOnEveryRun(make, runs, { allowMispredicted: true });
    // Run 2 sent lookup({ q: "abc" }) early, as run 1 made it; forward asked for the exact one.
    const early = jitted.log.records.find((r) => JSON.stringify(r.inputs) === JSON.stringify({ q: "abc" }))!;
    expect(early.outcome).toBe("aborted");
    expect(early.end).toBeLessThanOrEqual(jitted.log.records.find((r) => JSON.stringify(r.inputs) === JSON.stringify({ q: "abc", exact: true }))!.end!);
    // Nothing of run 2 is still in flight during run 3.
    expect(reports.map((r) => r.peak)).toEqual([1, 2, 1]);
  });

  it("a value found in two places at once is read from neither until a trace with another input tells them apart", async () => {
    type Pair = { first: string; second: string };
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [summarize, answer] = [echoLeaf(log, "summarize"), echoLeaf(log, "answer")];
      class Twice extends Operator<Pair, unknown> {
        async forward(inputs: Pair) {
          await summarize.invoke({ text: inputs.first });
          const second = await summarize.invoke({ text: inputs.second });
          return answer.invoke({ summary: second.text });
        }
      }
      return { op: new (decorate(Twice))(), log };
    };
    // Run 1 asks the same twice: its two answers are equal, and `answer` reads the second.
    const runs = [
      { first: "cats", second: "cats" },
      { first: "dogs", second: "owls" },
      { first: "emus", second: "hens" },
    ];
    const { jitted } = await expectEagerOnEveryRun(make, runs);
    expect(getJitStats(jitted.op).speculation.wasted).toBe(0);
    // Run 2 told the places apart: run 3 sends every call early.
    expect(getJitStats(jitted.op).lastRun!.speculation).toMatchObject({ dispatched: 3, used: 3 });
    // After run 1 alone, explain says why `answer` waits.
    const once = make(withJit());
    await once.log.clock.run(once.op.invoke(runs[0]!));
    expect(explain(once.op).diagnostics.filter((d) => d.startsWith("call 2 (answer)"))).toEqual([
      "call 2 (answer): input summary was found in an earlier value by equality only (a small value, one in several places, or one forward also computed): not predicted until a run with another input shows where it comes from",
    ]);
  });

  it("a value whose places agreed in every trace is predicted only when all of them are known and still agree", async () => {
    type Pair = { first: string; second: string };
    const make = (decorate: Decorate) => {
      const log = newLog();
      const count = (name: string, latency: number) => new FakeOperator(log, { name, latency, compute: (i: { q: string }) => ({ n: i.q.length }) });
      const [left, right, use] = [count("left", 2), count("right", 1), echoLeaf(log, "use")];
      class Counts extends Operator<Pair, unknown> {
        async forward(inputs: Pair) {
          const [a] = await Promise.all([left.invoke({ q: inputs.first }), right.invoke({ q: inputs.second })]);
          return use.invoke({ n: a.n });
        }
      }
      return { op: new (decorate(Counts))(), log };
    };
    // Runs 1 and 2 count equal lengths (2 and 2, then 1 and 1): `use` reads `left`, but `right`,
    // which answers first, held the same number both times. Run 3 tells them apart.
    const runs = [
      { first: "aa", second: "bb" },
      { first: "c", second: "d" },
      { first: "eee", second: "f" },
    ];
    const { jitted } = await expectEagerOnEveryRun(make, runs);
    expect(getJitStats(jitted.op).speculation.wasted).toBe(0);
  });

  it("a failed run that went another way than planned leaves every call from there on waiting for forward", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const count = new FakeOperator(log, { name: "count", compute: (i: Question) => ({ n: i.question.startsWith("Why") ? 1 : 2 }) });
      const ask = echoLeaf(log, "ask");
      const check = new FakeOperator(log, {
        name: "check",
        latency: 3,
        compute: (i: Question) => ({ verdict: `checked: ${i.question}` }),
        fail: (i: Question) => (i.question.includes("bread") ? new Error("check refused") : undefined),
      });
      const final = echoLeaf(log, "final");
      class Loop extends Operator<Question, unknown> {
        async forward(inputs: Question) {
          const { n } = await count.invoke({ question: inputs.question });
          for (let k = 0; k < n; k++) await ask.invoke({ q: "more" });
          const asked = await ask.invoke({ q: inputs.question });
          const checked = await check.invoke({ question: inputs.question });
          return final.invoke({ text: asked.text, verdict: checked.verdict });
        }
      }
      return { op: new (decorate(Loop))(), log };
    };
    const { jitted } = await expectEagerOnEveryRun(make, [sky, bread, tide], { allowMispredicted: true });
    // Run 2 loops once more than run 1 did, then fails: its trace stops there, so the plan stays
    // run 1's, and its calls from the extra turn on are held. Run 3 loops twice as well: `final`,
    // which run 1's plan reads from the second `ask`, must not be sent with the extra turn's answer.
    expect(getJitStats(jitted.op).lastRun!.speculation.wasted).toBe(0);
  });

  it("a plan learned under one state is not replayed under another", async () => {
    const log = newLog();
    const answer = echoLeaf(log, "answer");
    class Persona extends Operator<Question, unknown> {
      persona = "pirate";
      stateSignature() {
        return this.persona;
      }
      async forward(inputs: Question) {
        return answer.invoke({ persona: this.persona, question: inputs.question });
      }
    }
    jit(Persona);
    const op = new Persona();
    for (const input of [sky, bread, tide]) await log.clock.run(op.invoke(input));
    expect(getJitStats(op).lastRun!.speculation).toMatchObject({ dispatched: 1, used: 1 });
    op.persona = "poet";
    const from = log.records.length;
    await log.clock.run(op.invoke(sky));
    expect(log.records.slice(from).map((r) => r.inputs)).toEqual([{ persona: "poet", question: sky.question }]);
    expect(getJitStats(op).lastRun!).toMatchObject({ kind: "trace", speculation: { dispatched: 0, wasted: 0 } });
  });
});

