/**
 * Pipeline programs of the kinds issue 13 names, as `@structuralJit` classes built without the
 * transformer (so they run through the tracing JIT, as under plain `tsc`): template prompts, a
 * synchronous `forward` returning a nested structural call, optional chaining, spreads, an inline
 * `await`, a persona that changes with `stateSignature()`, a helper that builds the prompt, an early return on a score, a `while` loop, and a
 * `try`/`catch`. Each runs a new input after repeated ones, on eager and traced twins: every run
 * matches eager (result, error, effect order) and makes eager's leaf calls; a program whose calls
 * depend on its data wastes at most the previous run's calls, and only on a run whose decisions
 * (the sequence of operators eager called) differ from the previous run's.
 */
import { describe, expect, it } from "vitest";
import { Operator, getJitStats, structuralJit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { EffectfulFakeOperator, FakeOperator } from "../support/fake-operators.js";
import { dataFlowWidth } from "../support/data-flow.js";
import { expectEagerOnEveryRun, type Decorate, type RunReport } from "./eager-twins.js";

type Request = { topic: string; text: string };

/** `@structuralJit` applied as plain `tsc` leaves it: a call at class definition, no structure. */
const uncompiled: Decorate = (cls) => {
  const Traced = class extends (cls as any) {} as unknown as typeof cls;
  structuralJit(Traced);
  return Traced;
};

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** A model call: its answer names it and everything it was asked, so a stale input shows. */
function model(log: CallLog, name: string) {
  return new FakeOperator(log, {
    name,
    latency: (inputs: object) => 1 + (hash(JSON.stringify(inputs)) % 3),
    compute: (inputs: object) => ({ text: `${name}(${Object.values(inputs).join("|")})`, score: (hash(name + JSON.stringify(inputs)) % 100) / 100 }),
  });
}

function newLog() {
  return new CallLog(new LogicalClock());
}

// A new input after repeated ones; the topic stays while the text changes, then changes too.
const runs: Request[] = [
  { topic: "physics", text: "Why is the sky blue?" },
  { topic: "physics", text: "Why is the sky blue?" },
  { topic: "physics", text: "What causes the tides?" },
  { topic: "physics", text: "What causes the tides?" },
  { topic: "baking", text: "What makes bread rise?" },
  { topic: "baking", text: "Why do eggs set?" },
  { topic: "geology", text: "How do caves form?" },
  { topic: "physics", text: "Why is the sky blue?" },
];

const sorted = (calls: readonly string[]) => [...calls].sort();

/** The calls of a jitted run eager's run did not make. */
function extraCalls(report: RunReport, eager: RunReport): string[] {
  const extra = [...report.calls];
  for (const call of eager.calls) extra.splice(extra.indexOf(call), 1);
  return extra;
}

/**
 * A program's data flow, by operator: each value a call of it reads, as the operators whose
 * latest earlier call gave that value (`"write|revise"`: whichever of them answered last).
 */
type Reads = Readonly<Record<string, readonly string[]>>;

/**
 * Every jitted run has no more leaf calls in flight (logical clock) than eager's calls of that
 * run could have under any schedule respecting their data flow (`dataFlowWidth`), plus the calls
 * eager did not make.
 */
function expectPeakWithinDataFlow(reports: readonly RunReport[], eagerReports: readonly RunReport[], reads: Reads) {
  reports.forEach((report, i) => {
    const names = eagerReports[i]!.calls.map((call) => call.split(" ")[0]!);
    const flow = names.map((name, at) =>
      (reads[name] ?? []).map((value) => {
        const from = names.slice(0, at).findLastIndex((earlier) => value.split("|").includes(earlier));
        expect(from, `run ${i + 1}: ${name} reads ${value}, which no earlier call answered`).toBeGreaterThanOrEqual(0);
        return from;
      }),
    );
    expect(report.peak, `run ${i + 1}: leaf calls in flight`).toBeLessThanOrEqual(dataFlowWidth(flow) + extraCalls(report, eagerReports[i]!).length);
  });
}

/**
 * Every run made exactly eager's leaf calls and wasted none; `early`: whether some call can be
 * sent early at all (not when every input is a prompt `forward` computes).
 */
function expectNoWaste(reports: readonly RunReport[], eagerReports: readonly RunReport[], op: object, early: boolean) {
  reports.forEach((report, i) => {
    expect(sorted(report.calls), `run ${i + 1}`).toEqual(sorted(eagerReports[i]!.calls));
    expect(report.wasted, `run ${i + 1}`).toBe(0);
  });
  const used = getJitStats(op).speculation.used;
  if (early) expect(used).toBeGreaterThan(0);
  else expect(used).toBe(0);
}

/**
 * The calls eager did not make are at most the run's wasted early calls, and those at most the
 * previous run's calls, on a run whose decisions differ from the previous run's; none otherwise.
 */
function expectWasteOnlyAtChanges(reports: readonly RunReport[], eagerReports: readonly RunReport[]) {
  const decisions = (report: RunReport) => report.calls.map((call) => call.split(" ")[0]).join(",");
  reports.forEach((report, i) => {
    expect(extraCalls(report, eagerReports[i]!).length, `run ${i + 1}`).toBeLessThanOrEqual(report.wasted);
    const changed = i > 0 && decisions(eagerReports[i]!) !== decisions(eagerReports[i - 1]!);
    expect(report.wasted, `run ${i + 1}`).toBeLessThanOrEqual(changed ? eagerReports[i - 1]!.calls.length : 0);
  });
}

describe("uncompiled @structuralJit pipelines match eager on every call", () => {
  it("template prompts, and an audit log nobody declared effectful", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [summarize, critique, audit] = [model(log, "summarize"), model(log, "critique"), model(log, "audit")];
      const record = new EffectfulFakeOperator(log, { name: "record" });
      class Templated extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          const summary = await summarize.invoke({ prompt: `Summarize: ${inputs.text}` });
          const critic = await critique.invoke({ prompt: `Critique (${inputs.topic}): ${summary.text}`, style: "terse" });
          await audit.invoke({ entry: `answered ${inputs.text}` });
          await record.invoke({ entry: critic.text });
          return critic.text;
        }
      }
      return { op: new (decorate(Templated))(), log };
    };
    const { reports, eagerReports, jitted } = await expectEagerOnEveryRun(make, runs, { jitted: uncompiled });
    expectNoWaste(reports, eagerReports, jitted.op, false);
    expectPeakWithinDataFlow(reports, eagerReports, { critique: ["summarize"], record: ["critique"] });
  });

  it("a synchronous forward returning a nested structural call", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [draft, polish] = [model(log, "draft"), model(log, "polish")];
      class Inner extends Operator<Request & { mode: string }, unknown> {
        async forward(inputs: Request & { mode: string }) {
          const first = await draft.invoke({ prompt: `${inputs.mode} answer to ${inputs.text}` });
          return polish.invoke({ prompt: `Polish for ${inputs.topic.toUpperCase()}: ${first.text}` });
        }
      }
      class Outer extends Operator<Request, unknown> {
        readonly inner = new (decorate(Inner))();
        forward(inputs: Request) {
          return this.inner.invoke({ ...inputs, mode: "brief" });
        }
      }
      return { op: new (decorate(Outer))(), log };
    };
    const { reports, eagerReports, jitted } = await expectEagerOnEveryRun(make, runs, { jitted: uncompiled });
    expectNoWaste(reports, eagerReports, jitted.op, true);
    expectPeakWithinDataFlow(reports, eagerReports, { polish: ["draft"] });
  });

  it("optional chaining, a spread of the input and an await inside an expression", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [hint, note, answer] = [model(log, "hint"), model(log, "note"), model(log, "answer")];
      class Inline extends Operator<Request, unknown> {
        readonly extras: Record<string, { text: string } | undefined> = {};
        async forward(inputs: Request) {
          const given = (await hint.invoke({ q: inputs.text }))?.text ?? "none";
          return answer.invoke({
            ...inputs,
            hint: given.toUpperCase(),
            note: (await note.invoke({ q: inputs.topic })).text.slice(0, 12),
            extra: this.extras[inputs.topic]?.text ?? "no extra",
          });
        }
      }
      return { op: new (decorate(Inline))(), log };
    };
    const { reports, eagerReports, jitted } = await expectEagerOnEveryRun(make, runs, { jitted: uncompiled });
    expectNoWaste(reports, eagerReports, jitted.op, true);
    expectPeakWithinDataFlow(reports, eagerReports, { answer: ["hint", "note"] });
  });

  it("a persona baked into prompts, changing between calls with stateSignature()", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [lookup, answer] = [model(log, "lookup"), model(log, "answer")];
      class Persona extends Operator<Request, unknown> {
        private calls = 0;
        /** Two calls as a pirate, then one as a poet, and so on. */
        get persona() {
          return this.calls % 3 === 2 ? "poet" : "pirate";
        }
        stateSignature() {
          return this.persona;
        }
        async forward(inputs: Request) {
          const persona = this.persona;
          this.calls++;
          const facts = await lookup.invoke({ topic: inputs.topic, persona });
          return answer.invoke({ prompt: `As a ${persona}: ${inputs.text}`, facts: facts.text });
        }
      }
      return { op: new (decorate(Persona))(), log };
    };
    const { reports, eagerReports } = await expectEagerOnEveryRun(make, runs, { jitted: uncompiled });
    reports.forEach((report, i) => {
      expect(sorted(report.calls), `run ${i + 1}`).toEqual(sorted(eagerReports[i]!.calls));
      expect(report.wasted, `run ${i + 1}`).toBe(0);
    });
    expectPeakWithinDataFlow(reports, eagerReports, { answer: ["lookup"] });
  });

  it("a prompt built by a helper the JIT knows nothing of", async () => {
    const promptFor = (request: Request, role: string) => [role, request.topic, request.text.toLowerCase()].join(" / ");
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [ask, check] = [model(log, "ask"), model(log, "check")];
      class Helper extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          const asked = await ask.invoke({ prompt: promptFor(inputs, "expert"), temperature: 0 });
          return check.invoke({ prompt: promptFor(inputs, "reviewer"), answer: asked.text });
        }
      }
      return { op: new (decorate(Helper))(), log };
    };
    const { reports, eagerReports, jitted } = await expectEagerOnEveryRun(make, runs, { jitted: uncompiled });
    expectNoWaste(reports, eagerReports, jitted.op, false);
    expectPeakWithinDataFlow(reports, eagerReports, { check: ["ask"] });
  });

  it("an early return on a score", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const grade = new FakeOperator(log, { name: "grade", compute: (i: { q: string }) => ({ score: i.q.startsWith("Why") ? 0.9 : 0.2 }) });
      const [quick, detail, extra] = [model(log, "quick"), model(log, "detail"), model(log, "extra")];
      class EarlyReturn extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          const graded = await grade.invoke({ q: inputs.text });
          if (graded.score > 0.5) return quick.invoke({ q: inputs.text });
          const d = await detail.invoke({ q: inputs.text, topic: inputs.topic });
          return [d, await extra.invoke({ q: d.text })];
        }
      }
      return { op: new (decorate(EarlyReturn))(), log };
    };
    const { reports, eagerReports } = await expectEagerOnEveryRun(make, runs, { jitted: uncompiled, allowMispredicted: true });
    expectWasteOnlyAtChanges(reports, eagerReports);
    expectPeakWithinDataFlow(reports, eagerReports, { extra: ["detail"] });
  });

  it("a while loop whose turns depend on the answers", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const [write, revise] = [model(log, "write"), model(log, "revise")];
      class Refine extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          let draft = await write.invoke({ prompt: `Write about ${inputs.text}` });
          let turns = 0;
          while (draft.score < 0.6 && turns < 3) {
            draft = await revise.invoke({ draft: draft.text, turn: turns });
            turns++;
          }
          return { text: draft.text, turns };
        }
      }
      return { op: new (decorate(Refine))(), log };
    };
    const { reports, eagerReports } = await expectEagerOnEveryRun(make, runs, { jitted: uncompiled, allowMispredicted: true });
    expectWasteOnlyAtChanges(reports, eagerReports);
    expectPeakWithinDataFlow(reports, eagerReports, { revise: ["write|revise"] });
  });

  it("try/catch around a call that fails on some inputs", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const risky = new FakeOperator(log, {
        name: "risky",
        compute: (i: { q: string }) => ({ text: `risky(${i.q})` }),
        fail: (i: { q: string }) => (i.q.includes("bread") || i.q.includes("caves") ? new Error("risky refused") : undefined),
      });
      const [fallback, finish] = [model(log, "fallback"), model(log, "finish")];
      class Guarded extends Operator<Request, unknown> {
        async forward(inputs: Request) {
          let answer: { text: string };
          try {
            answer = await risky.invoke({ q: inputs.text });
          } catch (error) {
            answer = await fallback.invoke({ q: inputs.text, reason: (error as Error).message });
          }
          return finish.invoke({ answer: answer.text, topic: inputs.topic });
        }
      }
      return { op: new (decorate(Guarded))(), log };
    };
    const { reports, eagerReports } = await expectEagerOnEveryRun(make, runs, { jitted: uncompiled, allowMispredicted: true });
    expectWasteOnlyAtChanges(reports, eagerReports);
    expectPeakWithinDataFlow(reports, eagerReports, { fallback: ["risky"], finish: ["risky|fallback"] });
  });
});
