// Held-out static pipelines, part 2: optional sub-operators, computed keys and spreads, declared
// effects, nested structural operators, names the emitter also uses, chains on literals.
import { Operator, structuralJit } from "xcs-jit";
import type { CallLog } from "../../support/index.js";
import { model, retriever, sink, type HeldOutCase, type Model } from "./kit.js";

type Ask = { query: string; lang?: string };

interface Config {
  outputKey: string;
  k: number;
  tone: "formal" | "casual";
}

/** An optional reranker and an optional safety filter: present on some instances, absent on others. */
@structuralJit
export class OptionalStages extends Operator<Ask, unknown> {
  search: ReturnType<typeof retriever>;
  reranker?: Model;
  filters: { safety?: Model; pii?: Model };
  writer: Model;

  constructor(log: CallLog, withExtras: boolean) {
    super();
    this.search = retriever(log, "search", 2);
    this.reranker = withExtras ? model(log, "reranker", 1) : undefined;
    this.filters = withExtras ? { safety: model(log, "safety", 1) } : {};
    this.writer = model(log, "writer", 2);
  }

  async forward(inputs: Ask) {
    const hits = await this.search.invoke({ query: inputs.query });
    const reranked = await this.reranker?.invoke({ prompt: hits.passages.join("\n") });
    const checked = await this.filters.safety?.invoke({ prompt: inputs.query });
    const scrubbed = await this.filters.pii?.invoke({ prompt: inputs.query });
    const context = reranked?.text ?? hits.passages[0] ?? "";
    const out = await this.writer.invoke({ prompt: `${context} :: ${inputs.query}` });
    return { answer: out.text, safe: checked?.score ?? -1, scrubbed: scrubbed === undefined, tokens: out.tokens };
  }
}

/** The output's keys come from configuration; metadata spread in from results and from the config. */
@structuralJit
export class ConfiguredOutput extends Operator<Ask, Record<string, unknown>> {
  config: Config;
  primary: Model;
  secondary: Model;

  constructor(log: CallLog, config: Config) {
    super();
    this.config = config;
    this.primary = model(log, "primary", 2);
    this.secondary = model(log, "secondary", 1);
  }

  async forward(inputs: Ask) {
    const style = this.config.tone === "formal" ? "Use a formal register." : "Keep it casual.";
    const [main, alt] = await Promise.all([
      this.primary.invoke({ system: style, prompt: inputs.query }),
      this.secondary.invoke({ prompt: `${inputs.query} (${inputs.lang ?? "en"})` }),
    ]);
    const meta = { k: this.config.k, tone: this.config.tone };
    const { text, ...usage } = alt;
    return {
      [this.config.outputKey]: main.text,
      [`${this.config.outputKey}_alt`]: text,
      ...meta,
      ...usage,
      lengths: [main.text.length, text.length],
      tags: [...inputs.query.split(" "), ...Object.keys(meta)],
    };
  }
}

/** Audited pipeline: declared-effect operators (an audit log, a cache write) around pure calls. */
@structuralJit
export class AuditedAnswer extends Operator<Ask, { answer: string; audited: boolean }> {
  audit: Operator<{ event: string; detail: string }, { ok: true; by: string }>;
  cacheWrite: Operator<{ key: string; value: string }, { ok: true; by: string }>;
  draft: Model;
  polish: Model;

  constructor(log: CallLog) {
    super();
    this.audit = sink(log, "audit", 1);
    this.cacheWrite = sink(log, "cacheWrite", 2);
    this.draft = model(log, "draft", 3);
    this.polish = model(log, "polish", 1);
  }

  async forward(inputs: Ask) {
    await this.audit.invoke({ event: "start", detail: inputs.query });
    const draft = await this.draft.invoke({ prompt: inputs.query });
    const polished = await this.polish.invoke({ prompt: `Polish: ${draft.text}` });
    const logged = await this.audit.invoke({ event: "drafted", detail: draft.text });
    await this.cacheWrite.invoke({ key: inputs.query.toLowerCase(), value: polished.text });
    await this.audit.invoke({ event: "done", detail: `${polished.tokens}` });
    return { answer: polished.text, audited: logged.ok };
  }
}

/** A RAG sub-pipeline, itself structural, nested three times in an outer ensemble with a judge. */
@structuralJit
export class RagBranch extends Operator<Ask, { answer: string; score: number }> {
  search: ReturnType<typeof retriever>;
  writer: Model;

  constructor(log: CallLog, name: string) {
    super();
    this.search = retriever(log, `${name}.search`, 2);
    this.writer = model(log, `${name}.writer`, 1);
  }

  async forward(inputs: Ask) {
    const { passages } = await this.search.invoke({ query: inputs.query, k: 1 });
    const { text, score } = await this.writer.invoke({ prompt: `${passages[0]} / ${inputs.query}` });
    return { answer: text, score };
  }
}

@structuralJit
export class NestedRagEnsemble extends Operator<Ask, { final: string; scores: number[] }> {
  branches: RagBranch[];
  judge: Model;

  constructor(log: CallLog) {
    super();
    this.branches = ["x", "y", "z"].map((name) => new RagBranch(log, name));
    this.judge = model(log, "judge", 1);
  }

  async forward(inputs: Ask) {
    const answers = await Promise.all(this.branches.map((b) => b.invoke(inputs)));
    const verdict = await this.judge.invoke({ prompt: answers.map((a) => a.answer).join(" || ") });
    return { final: verdict.text, scores: answers.map((a) => a.score) };
  }
}

/** Locals named like the emitter's own parameters (`g`, `self`, `inputs`, `result`). */
@structuralJit
export class ShadowedNames extends Operator<Ask, unknown> {
  planner: Model;
  workers: Model[];

  constructor(log: CallLog) {
    super();
    this.planner = model(log, "planner", 1);
    this.workers = [model(log, "w0", 2), model(log, "w1", 1)];
  }

  async forward(inputs: Ask) {
    const g = await this.planner.invoke({ prompt: inputs.query });
    const self = { plan: g.text, steps: g.tokens };
    const result = await Promise.all(this.workers.map((w, i) => w.invoke({ prompt: `${self.plan} step ${i}` })));
    const out = result.map((inputs) => inputs.text);
    return { self, out, g: g.score };
  }
}

export const CASES: HeldOutCase<Ask>[] = [
  { className: "OptionalStages", create: (log) => new OptionalStages(log, true), inputs: [{ query: "tides" }, { query: "moon phases" }], static: true },
  { className: "OptionalStages", create: (log) => new OptionalStages(log, false), inputs: [{ query: "tides" }, { query: "" }], static: true },
  { className: "ConfiguredOutput", create: (log) => new ConfiguredOutput(log, { outputKey: "summary", k: 3, tone: "formal" }), inputs: [{ query: "hello world", lang: "fr" }, { query: "x" }], static: true },
  { className: "AuditedAnswer", create: (log) => new AuditedAnswer(log), inputs: [{ query: "Refund Policy" }, { query: "shipping" }], static: true },
  { className: "RagBranch", create: (log) => new RagBranch(log, "solo"), inputs: [{ query: "eclipses" }, { query: "" }], static: true },
  { className: "NestedRagEnsemble", create: (log) => new NestedRagEnsemble(log), inputs: [{ query: "eclipses" }, { query: "comets" }], static: true },
  { className: "ShadowedNames", create: (log) => new ShadowedNames(log), inputs: [{ query: "plan a trip" }, { query: "q" }], static: true },
];
