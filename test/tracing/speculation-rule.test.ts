/**
 * The speculation rule (docs/internals.md, "Speculation rule"): an early call only on an input
 * this run's values predict, or constants that runs with different inputs agreed on; a call some
 * trace did not make, or once mispredicted, waits for `forward` until a run with another input
 * makes it again; plans keyed by `stateSignature()`. Each case runs a new input after repeated
 * ones and must make exactly eager's leaf calls (call counts on the logical clock, no timings).
 */
import { describe, expect, it } from "vitest";
import { Operator, explain, getJitStats, jit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator } from "../support/fake-operators.js";
import { expectEagerOnEveryRun, type Decorate } from "./eager-twins.js";

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

