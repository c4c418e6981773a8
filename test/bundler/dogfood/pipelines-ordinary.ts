// Ordinary pipelines whose local object/array literals holding graph values are given to pure
// sub-operator calls (and a few effects or host code that do not change them), then read again.
import { Operator, structuralJit } from "xcs-jit";
import type { Ask, Reply } from "./group-members.js";

export type Opts = { query: string; k: number; filters: string[] };
export type WithOpts = { opts: Opts };
export type Items = { items: string[] };
export type Prompt = { system: string; query: string; style?: string };
export type WithPrompt = { prompt: Prompt };
export type Docs = { docs: string[] };
export type Task = { q: string; tag: string };
export type WithTask = { task: Task };
export type WithTasks = { tasks: Task[] };
export type Turn = { round: number; draft: string; verdict: string };
export type WithHistory = { history: Turn[] };

/** Host code that only reads what it is given. */
export function render(p: Prompt): string {
  return `${p.system}:${p.query}${p.style ? `:${p.style}` : ""}`;
}

// 1. RAG fan-out: one options object given to three retrievers at once, then read, then given to the generator.

@structuralJit
export class RagSharedOptions extends Operator<Ask, { answer: string; k: number; n: number; hits: string[] }> {
  constructor(
    readonly retrievers: Operator<WithOpts, Reply>[],
    readonly generator: Operator<{ opts: Opts; hits: string[] }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 3, filters: ["lang:en", "year:2024"] };
    const results = await Promise.all(this.retrievers.map((r) => r.invoke({ opts })));
    const hits = results.map((r) => r.answer);
    const g = await this.generator.invoke({ opts, hits });
    return { answer: g.answer, k: opts.k, n: opts.filters.length, hits };
  }
}

// 1b. The same with the retrievers listed by hand and a grown filter list.

@structuralJit
export class RagGrownFilters extends Operator<Ask, { a: string; b: string; c: string; filters: string[]; first: string }> {
  constructor(
    readonly r1: Operator<WithOpts, Reply>,
    readonly r2: Operator<WithOpts, Reply>,
    readonly r3: Operator<WithOpts, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const filters: string[] = [];
    filters.push(`q:${inputs.query}`);
    filters.push("lang:en");
    const opts = { query: inputs.query, k: 2, filters };
    const [a, b, c] = await Promise.all([this.r1.invoke({ opts }), this.r2.invoke({ opts }), this.r3.invoke({ opts })]);
    return { a: a.answer, b: b.answer, c: c.answer, filters: opts.filters, first: filters[0]! };
  }
}

// 2. Ensemble + judge: candidates built, given to the judge, and also returned.

@structuralJit
export class EnsembleJudge extends Operator<Ask, { best: string; candidates: string[]; n: number }> {
  constructor(
    readonly members: Operator<Ask, Reply>[],
    readonly judge: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const replies = await Promise.all(this.members.map((m) => m.invoke({ query: inputs.query })));
    const candidates: string[] = [];
    for (const r of replies) candidates.push(r.answer);
    const verdict = await this.judge.invoke({ items: candidates });
    return { best: verdict.answer, candidates, n: candidates.length };
  }
}

// 2b. The judge given a list of objects; the list read by index after, and a second judge given it too.

@structuralJit
export class EnsembleTwoJudges extends Operator<Ask, { j1: string; j2: string; top: string; all: { by: string; text: string }[] }> {
  constructor(
    readonly a: Operator<Ask, Reply>,
    readonly b: Operator<Ask, Reply>,
    readonly judge1: Operator<{ cands: { by: string; text: string }[] }, Reply>,
    readonly judge2: Operator<{ cands: { by: string; text: string }[] }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const [ra, rb] = await Promise.all([this.a.invoke({ query: inputs.query }), this.b.invoke({ query: `${inputs.query}!` })]);
    const cands = [
      { by: "a", text: ra.answer },
      { by: "b", text: rb.answer },
    ];
    const [j1, j2] = await Promise.all([this.judge1.invoke({ cands }), this.judge2.invoke({ cands })]);
    return { j1: j1.answer, j2: j2.answer, top: cands[0]!.text, all: cands };
  }
}

// 3. Verifier loop: a fixed number of rounds, a history array pushed each round and given to the verifier.

@structuralJit
export class VerifierLoop extends Operator<Ask, { final: string; history: Turn[]; rounds: number }> {
  rounds = 3;

  constructor(
    readonly drafter: Operator<WithHistory & Ask, Reply>,
    readonly verifier: Operator<WithHistory, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const history: Turn[] = [];
    let final = "";
    for (let round = 0; round < this.rounds; round++) {
      const d = await this.drafter.invoke({ query: inputs.query, history });
      const v = await this.verifier.invoke({ history: [...history, { round, draft: d.answer, verdict: "?" }] });
      history.push({ round, draft: d.answer, verdict: v.answer });
      final = d.answer;
    }
    return { final, history, rounds: history.length };
  }
}

// 3b. The verifier given the history itself, with an audit log (an effect not changing it) each round.

@structuralJit
export class VerifierAudited extends Operator<Ask, { last: string; n: number; verdicts: string[] }> {
  rounds = ["r0", "r1"];

  constructor(
    readonly drafter: Operator<Ask, Reply>,
    readonly verifier: Operator<WithHistory, Reply>,
    readonly audit: Operator<WithHistory, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const history: Turn[] = [];
    const verdicts: string[] = [];
    for (let round = 0; round < this.rounds.length; round++) {
      const name = this.rounds[round]!;
      const d = await this.drafter.invoke({ query: `${name}:${inputs.query}:${history.length}` });
      history.push({ round, draft: d.answer, verdict: "" });
      const v = await this.verifier.invoke({ history });
      await this.audit.invoke({ history });
      verdicts.push(v.answer);
    }
    return { last: history[history.length - 1]!.draft, n: history.length, verdicts };
  }
}

// 4. Router map: prompts filled by key, every expert given its prompt and the whole table.

@structuralJit
export class RouterMap extends Operator<Ask, { answers: Record<string, string>; keys: string[] }> {
  domains = ["law", "med", "tax"];

  constructor(readonly experts: Record<string, Operator<{ query: string; table: Record<string, string> }, Reply>>) {
    super();
  }

  async forward(inputs: Ask) {
    const table: Record<string, string> = {};
    for (const d of this.domains) table[d] = `${d}:${inputs.query}`;
    const replies = await Promise.all(this.domains.map((d) => this.experts[d]!.invoke({ query: table[d]!, table })));
    const answers: Record<string, string> = {};
    for (let i = 0; i < this.domains.length; i++) answers[this.domains[i]!] = replies[i]!.answer;
    return { answers, keys: Object.keys(table) };
  }
}

// 5. A prompt object built once and spread into several calls, also given whole, read after.

@structuralJit
export class PromptSpread extends Operator<Ask, { a: string; b: string; c: string; q: string; shown: string }> {
  constructor(
    readonly a: Operator<Prompt, Reply>,
    readonly b: Operator<Prompt, Reply>,
    readonly c: Operator<WithPrompt, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const base = { system: "be brief", query: inputs.query };
    const [a, b, c] = await Promise.all([
      this.a.invoke({ ...base, style: "formal" }),
      this.b.invoke({ ...base, style: "casual" }),
      this.c.invoke({ prompt: base }),
    ]);
    return { a: a.answer, b: b.answer, c: c.answer, q: base.query, shown: render(base) };
  }
}

// 5b. Host code given the prompt first, then the calls.

@structuralJit
export class PromptRenderedFirst extends Operator<Ask, { a: string; b: string; text: string; sys: string }> {
  constructor(
    readonly a: Operator<Ask, Reply>,
    readonly b: Operator<WithPrompt, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const prompt = { system: "sys", query: inputs.query };
    const text = render(prompt);
    const [a, b] = await Promise.all([this.a.invoke({ query: text }), this.b.invoke({ prompt })]);
    return { a: a.answer, b: b.answer, text, sys: prompt.system };
  }
}

// 7. Destructuring of such locals after calls.

@structuralJit
export class DestructureAfter extends Operator<Ask, { query: string; k: number; f0: string; rest: string[]; answer: string; other: string }> {
  constructor(
    readonly r1: Operator<WithOpts, Reply>,
    readonly r2: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 4, filters: ["f0", inputs.query, "f2"] };
    const [a, b] = await Promise.all([this.r1.invoke({ opts }), this.r2.invoke({ opts })]);
    const { query, k, filters } = opts;
    const [f0, ...rest] = filters;
    const m = await this.model.invoke({ query: `${query}|${a.answer}|${b.answer}` });
    return { query, k, f0: f0!, rest, answer: m.answer, other: rest.join("/") };
  }
}

// 8. Build-time loop over a local after it was given to a call; a fan-out over it.

@structuralJit
export class LoopAfterGiven extends Operator<Ask, { joined: string; per: string[]; labels: string[] }> {
  constructor(
    readonly join: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const queries = [inputs.query, `${inputs.query}?`, "fixed"];
    const j = await this.join.invoke({ items: queries });
    const labels: string[] = [];
    for (const q of queries) labels.push(`<${q}>`);
    const per = await Promise.all(queries.map((q) => this.model.invoke({ query: q })));
    return { joined: j.answer, per: per.map((p) => p.answer), labels };
  }
}

// 8b. Sequential build-time loop over a local list of objects after it was given to a call.

@structuralJit
export class SequentialLoopAfterGiven extends Operator<Ask, { out: string[]; seen: string }> {
  constructor(
    readonly seeAll: Operator<WithTasks, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "x", tag: "b" },
    ];
    const seen = await this.seeAll.invoke({ tasks });
    const out: string[] = [];
    for (const t of tasks) {
      const r = await this.model.invoke({ query: `${t.tag}:${t.q}` });
      out.push(r.answer);
    }
    return { out, seen: seen.answer };
  }
}

// 9. Promise.all over .map of a local array of objects given to calls; read after; the list given to a judge.

@structuralJit
export class MapOverTasks extends Operator<Ask, { answers: string[]; tag0: string; judged: string; tasks: Task[] }> {
  constructor(
    readonly worker: Operator<WithTask, Reply>,
    readonly judge: Operator<WithTasks, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks: Task[] = [
      { q: inputs.query, tag: "a" },
      { q: `${inputs.query}2`, tag: "b" },
      { q: "c", tag: "c" },
    ];
    const rs = await Promise.all(tasks.map((t) => this.worker.invoke({ task: t })));
    const judged = await this.judge.invoke({ tasks });
    return { answers: rs.map((r) => r.answer), tag0: tasks[0]!.tag, judged: judged.answer, tasks };
  }
}

// 10. An audit effect (not changing its input) given the options first, then pure retrievers.

@structuralJit
export class AuditThenFanOut extends Operator<Ask, { audit: string; hits: string[]; side: string; k: number }> {
  constructor(
    readonly audit: Operator<WithOpts, Reply>,
    readonly retrievers: Operator<WithOpts, Reply>[],
    readonly side: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, filters: [] as string[] };
    const [au, s] = await Promise.all([this.audit.invoke({ opts }), this.side.invoke({ query: inputs.query })]);
    const hits = await Promise.all(this.retrievers.map((r) => r.invoke({ opts })));
    return { audit: au.answer, hits: hits.map((h) => h.answer), side: s.answer, k: opts.k };
  }
}

// 11. A nested compiled operator given a local object; read after.

@structuralJit
export class InnerReader extends Operator<WithOpts, Reply> {
  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: WithOpts) {
    const r = await this.model.invoke({ query: `${inputs.opts.query}/${inputs.opts.filters.join(",")}` });
    return { answer: r.answer };
  }
}

@structuralJit
export class OuterOfReaders extends Operator<Ask, { a: string; b: string; f: string[]; q: string }> {
  constructor(
    readonly i1: Operator<WithOpts, Reply>,
    readonly i2: Operator<WithOpts, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 2, filters: ["x", inputs.query] };
    const [a, b] = await Promise.all([this.i1.invoke({ opts }), this.i2.invoke({ opts })]);
    return { a: a.answer, b: b.answer, f: opts.filters, q: opts.query };
  }
}

// 12. Sequential chain: a context list given to a call, then grown with its result, given to the next.

@structuralJit
export class GrowingContextChain extends Operator<Ask, { ctx: string[]; last: string }> {
  constructor(
    readonly steps: Operator<Items, Reply>[],
    readonly side: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const ctx = [inputs.query];
    let last = "";
    for (const s of this.steps) {
      const r = await s.invoke({ items: ctx });
      ctx.push(r.answer);
      last = r.answer;
    }
    const side = await this.side.invoke({ query: ctx.join(";") });
    return { ctx, last: `${last}/${side.answer}` };
  }
}

// 13. Two independent pure calls given the same object, a third call reading a value taken before.

@structuralJit
export class ReadBeforeAndAfter extends Operator<Ask, { a: string; b: string; c: string; len: number }> {
  constructor(
    readonly a: Operator<Docs, Reply>,
    readonly b: Operator<Docs, Reply>,
    readonly c: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const bag = { docs: [inputs.query, "two"] };
    const first = bag.docs[0]!;
    const pa = this.a.invoke(bag);
    const pb = this.b.invoke({ docs: bag.docs });
    const pc = this.c.invoke({ query: `${first}:${bag.docs.length}` });
    const [a, b, c] = await Promise.all([pa, pb, pc]);
    return { a: a.answer, b: b.answer, c: c.answer, len: bag.docs.length };
  }
}

// 9b. The same fan-out over a local list of objects, the list not given whole afterwards.

@structuralJit
export class MapOverTasksOnly extends Operator<Ask, { answers: string[]; tag0: string }> {
  constructor(readonly worker: Operator<WithTask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks: Task[] = [
      { q: inputs.query, tag: "a" },
      { q: `${inputs.query}2`, tag: "b" },
      { q: "c", tag: "c" },
    ];
    const rs = await Promise.all(tasks.map((t) => this.worker.invoke({ task: t })));
    return { answers: rs.map((r) => r.answer), tag0: tasks[0]!.tag };
  }
}

// 8c. A loop and a fan-out over a local list, the list given whole only after them.

@structuralJit
export class LoopBeforeGiven extends Operator<Ask, { joined: string; per: string[]; labels: string[] }> {
  constructor(
    readonly join: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const queries = [inputs.query, `${inputs.query}?`, "fixed"];
    const labels: string[] = [];
    for (const q of queries) labels.push(`<${q}>`);
    const per = await Promise.all(queries.map((q) => this.model.invoke({ query: q })));
    const j = await this.join.invoke({ items: queries });
    return { joined: j.answer, per: per.map((p) => p.answer), labels };
  }
}

// 3c. A counter bumped in a build-time loop, no list involved.

@structuralJit
export class CounterInLoop extends Operator<Ask, { answers: string[] }> {
  rounds = ["r0", "r1"];

  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const answers: string[] = [];
    let round = 0;
    for (const name of this.rounds) {
      const d = await this.model.invoke({ query: `${name}:${inputs.query}:${round}` });
      answers.push(d.answer);
      round++;
    }
    return { answers };
  }
}
