// Compound-AI pipelines written as production code would write them, compiled by the project's own
// plugin: values built while the structure is built that a caller or a sub-operator can change,
// effects of `Promise.all` members after awaits, async host code, traced callers of compiled ones.
// The eager side runs every nested operator's `forward` as written (`eagerInvoke`).
import { Operator, structuralJit } from "xcs-jit";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, type Scenario } from "../../support/index.js";
import { eagerInvoke, type Ask, type Reply } from "./group-members.js";

let clockOfRun: LogicalClock | undefined;

/** Host code that takes time without a call the compiler sees (a cache lookup over the network). */
export async function lookupContext(query: string): Promise<string> {
  await clockOfRun!.sleep(2);
  return `ctx[${query}]`;
}

/** Host code that awaits but takes no time (an in-memory cache hit). */
export async function cachedHint(query: string): Promise<string> {
  return `hint:${query}`;
}

// ---------------------------------------------------------------------------------------------
// Module helpers and constants a pipeline uses.

const RUBRIC_JSON = '{"criteria":["accuracy","tone"],"scale":{"min":1,"max":5}}';

const DEFAULT_OPTIONS = { temperature: 0, stop: ["###"] };

function rubric() {
  return { criteria: ["accuracy", "tone"], scale: { min: 1, max: 5 } };
}

function emptyReport() {
  return { notes: [] as string[], score: 0 };
}

// ---------------------------------------------------------------------------------------------
// 1. An ensemble with a judge: three members in a `Promise.all`, a judge given a rubric from a
//    module helper, the rubric returned to the caller.

type Judged = { best: string; rubric: { criteria: string[]; scale: { min: number; max: number } }; votes: string[] };

@structuralJit
export class JudgedEnsemble extends Operator<Ask, Judged> {
  constructor(
    readonly a: Operator<Ask, Reply>,
    readonly b: Operator<Ask, Reply>,
    readonly c: Operator<Ask, Reply>,
    readonly judge: Operator<{ query: string; candidates: string[]; rubric: unknown }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask): Promise<Judged> {
    const [ra, rb, rc] = await Promise.all([this.a.invoke(inputs), this.b.invoke(inputs), this.c.invoke(inputs)]);
    const r = rubric();
    console.log(`judging ${inputs.query} on ${r.criteria.join(",")}`);
    const verdict = await this.judge.invoke({ query: inputs.query, candidates: [ra.answer, rb.answer, rc.answer], rubric: r });
    return { best: verdict.answer, rubric: r, votes: [ra.answer, rb.answer, rc.answer] };
  }
}

// 2. The same rubric from `JSON.parse` of a module string, whose `criteria` leaves.

@structuralJit
export class ParsedRubric extends Operator<Ask, { answer: string; criteria: string[] }> {
  constructor(readonly judge: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const cfg = JSON.parse(RUBRIC_JSON) as { criteria: string[] };
    const v = await this.judge.invoke({ query: `${inputs.query} by ${cfg.criteria.length}` });
    return { answer: v.answer, criteria: cfg.criteria };
  }
}

// 3. Spreads of a module constant: the options object made with a spread, its `stop` array
//    (shared with the module constant in eager too) and a spread copy of it.

@structuralJit
export class SpreadOptions extends Operator<Ask, { answer: string; options: { temperature: number; stop: string[] }; stops: string[] }> {
  constructor(readonly gen: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const options = { ...DEFAULT_OPTIONS, temperature: 0.2 };
    const stops = [...DEFAULT_OPTIONS.stop, "\n"];
    const r = await this.gen.invoke({ query: inputs.query });
    return { answer: r.answer, options, stops };
  }
}

// 4. A report filled by pushes around calls, returned.

@structuralJit
export class PushedReport extends Operator<Ask, { notes: string[]; score: number }> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly verify: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const report = emptyReport();
    const d = await this.draft.invoke(inputs);
    report.notes.push(`draft ${d.answer}`);
    const v = await this.verify.invoke({ query: d.answer });
    report.notes.push(`verified ${v.answer}`);
    return report;
  }
}

// 5. A template cloned with `structuredClone`, given to a sub-operator that fills it in.

const TEMPLATE = { sections: ["intro"], meta: { draft: true } };

@structuralJit
export class ClonedTemplate extends Operator<Ask, { sections: string[]; meta: { draft: boolean } }> {
  constructor(readonly fill: Operator<{ query: string; doc: { sections: string[] } }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const doc = structuredClone(TEMPLATE);
    await this.fill.invoke({ query: inputs.query, doc });
    return doc;
  }
}

// 6. Retrieval fan-out over `Object.entries` of a module object, with async callbacks that log
//    between steps and audit, then a merge.

const SOURCES = { web: "w", wiki: "k" };

@structuralJit
export class RetrievalFanOut extends Operator<Ask, { merged: string; hits: { source: string; text: string }[] }> {
  constructor(
    readonly search: Operator<Ask, Reply>,
    readonly rerank: Operator<Ask, Reply>,
    readonly audit: Operator<Ask, unknown>,
    readonly merge: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const hits = await Promise.all(
      Object.entries(SOURCES).map(async ([source, prefix]) => {
        const found = await this.search.invoke({ query: `${prefix}:${inputs.query}` });
        console.log(`found ${source}`);
        const ranked = await this.rerank.invoke({ query: found.answer });
        await this.audit.invoke({ query: `ranked ${source}` });
        return { source, text: ranked.answer };
      }),
    );
    const m = await this.merge.invoke({ query: hits.map((h) => h.text).join("|") });
    return { merged: m.answer, hits };
  }
}

// 7. Async host code between steps: a context lookup that takes time awaited in one member, a
//    cache hit in the other, each member logging and auditing after.

@structuralJit
export class HostMembers extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly first: Operator<Ask, Reply>,
    readonly answer: Operator<Ask, Reply>,
    readonly audit: Operator<Ask, unknown>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const f = await this.first.invoke(inputs);
    const [x, y] = await Promise.all([this.withContext(f.answer), this.withHint(f.answer)]);
    return { answers: [x, y] };
  }

  private async withContext(q: string): Promise<string> {
    const ctx = await lookupContext(q);
    await this.audit.invoke({ query: `ctx ${ctx}` });
    const r = await this.answer.invoke({ query: ctx });
    console.log(`context answer ${r.answer}`);
    return r.answer;
  }

  private async withHint(q: string): Promise<string> {
    const hint = await cachedHint(q);
    console.log(`hint ${hint}`);
    await this.audit.invoke({ query: `hint ${hint}` });
    return hint;
  }
}

// 8. A self-refine loop: draft, then up to two rounds of critique and revise, stopping when the
//    critic approves, inside a try/catch that falls back to the draft; logs between steps.

@structuralJit
export class SelfRefine extends Operator<Ask, { answer: string; rounds: number; history: string[] }> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly critic: Operator<Ask, Reply>,
    readonly revise: Operator<Ask, Reply>,
    readonly audit: Operator<Ask, unknown>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    let current = (await this.draft.invoke(inputs)).answer;
    const history: string[] = [];
    let rounds = 0;
    try {
      for (let i = 0; i < 2; i++) {
        const c = await this.critic.invoke({ query: current });
        history.push(c.answer);
        if (c.answer.startsWith("ok")) break;
        console.log(`revising round ${i}`);
        current = (await this.revise.invoke({ query: `${current} / ${c.answer}` })).answer;
        rounds++;
      }
    } catch (e) {
      console.log(`refine failed: ${(e as Error).message}`);
      await this.audit.invoke({ query: `fallback ${current}` });
    }
    return { answer: current, rounds, history };
  }
}

// 9. A verifier ensemble under try/catch: a group of two verifiers, one may fail; the catch logs
//    and audits, and the returned `checks` default is a literal.

@structuralJit
export class Verified extends Operator<Ask, { answer: string; checks: string[] }> {
  constructor(
    readonly gen: Operator<Ask, Reply>,
    readonly v1: Operator<Ask, Reply>,
    readonly v2: Operator<Ask, Reply>,
    readonly audit: Operator<Ask, unknown>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const g = await this.gen.invoke(inputs);
    let checks = ["unchecked"];
    try {
      const [a, b] = await Promise.all([this.v1.invoke({ query: g.answer }), this.v2.invoke({ query: g.answer })]);
      checks = [a.answer, b.answer];
      await this.audit.invoke({ query: `verified ${g.answer}` });
    } catch (e) {
      console.log(`verify failed: ${(e as Error).message}`);
      await this.audit.invoke({ query: `unverified ${g.answer}` });
    }
    return { answer: g.answer, checks };
  }
}

// 10. A traced class (it counts its runs on `this`) calling a compiled one that returns what a
//     module helper makes; the caller returns it.

@structuralJit
export class MakesReport extends Operator<Ask, { notes: string[]; score: number }> {
  constructor(readonly gen: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const r = await this.gen.invoke(inputs);
    const report = emptyReport();
    report.score = r.answer.length;
    return report;
  }
}

@structuralJit
export class CountingCaller extends Operator<Ask, { runs: number; report: { notes: string[]; score: number } }> {
  runs = 0;

  constructor(readonly inner: MakesReport) {
    super();
  }

  async forward(inputs: Ask) {
    this.runs += 1;
    const report = await this.inner.invoke(inputs);
    console.log(`run ${this.runs}`);
    return { runs: this.runs, report };
  }
}

// ---------------------------------------------------------------------------------------------

export type Parts = {
  log: CallLog;
  leaf: (name: string, latency?: number, fail?: (q: string) => boolean) => FakeOperator<Ask, Reply>;
  audit: EffectfulFakeOperator<Ask, unknown>;
};

/** A scenario factory over `build`, eager (nested operators run `forward` as written) or compiled. */
export function pipeline(build: (p: Parts) => { op: Operator<Ask, unknown>; nested?: Operator<any, any>[] }, consume?: (value: unknown) => void) {
  return (eager: boolean) => (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const leaf = (name: string, latency = 1, fail?: (q: string) => boolean) =>
      new FakeOperator<Ask, Reply>(log, {
        name,
        latency,
        compute: (i) => ({ answer: `${name}(${i.query})` }),
        fail: fail && ((i) => (fail(i.query) ? new Error(`${name} failed`) : undefined)),
      });
    const audit = new EffectfulFakeOperator<Ask, unknown>(log, { name: "audit" });
    const { op, nested = [] } = build({ log, leaf, audit });
    if (eager) nested.forEach(eagerInvoke);
    return { op, log, consume, enter: () => void (clockOfRun = log.clock) };
  };
}
