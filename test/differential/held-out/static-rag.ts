// Held-out static pipelines, part 1: retrieval fan-outs, ensembles with a judge, query rewriting.
// Nothing here depends on data for control flow: each must compile with no diagnostic at all.
import { Operator, structuralJit } from "xcs-jit";
import type { CallLog } from "../../support/index.js";
import { model, retriever, type HeldOutCase, type Model } from "./kit.js";

type Question = { question: string; userId?: string };

const SYSTEM_PROMPT = "You are a careful research assistant. Cite passages by number.";

function formatContext(passages: string[]): string {
  return passages.map((p, i) => `[${i + 1}] ${p}`).join("\n");
}

const truncate = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Classic RAG: retrieve from every index at once, merge, answer with the passages as context. */
@structuralJit
export class MultiIndexRag extends Operator<Question, { answer: string; sources: string[]; passageCount: number }> {
  retrievers: ReturnType<typeof retriever>[];
  writer: Model;

  constructor(log: CallLog) {
    super();
    this.retrievers = [retriever(log, "bm25", 1), retriever(log, "dense", 3), retriever(log, "web", 2)];
    this.writer = model(log, "writer", 2);
  }

  async forward(inputs: Question) {
    const results = await Promise.all(this.retrievers.map((r) => r.invoke({ query: inputs.question, k: 2 })));
    const passages = results.flatMap((r) => r.passages);
    const completion = await this.writer.invoke({
      system: SYSTEM_PROMPT,
      prompt: `Context:\n${formatContext(passages)}\n\nQuestion: ${inputs.question}`,
    });
    return { answer: truncate(completion.text), sources: results.map((r) => r.source), passageCount: passages.length };
  }
}

/** An ensemble of drafts and a judge that picks; candidates numbered in the judge's prompt. */
@structuralJit
export class EnsembleWithJudge extends Operator<Question, { verdict: string; candidates: string[]; best: number }> {
  members: Model[];
  judge: Model;

  constructor(log: CallLog) {
    super();
    this.members = ["gpt", "claude", "gemini", "llama"].map((name, i) => model(log, name, i + 1));
    this.judge = model(log, "judge", 1);
  }

  async forward(inputs: Question) {
    const drafts = await Promise.all(this.members.map((member) => member.invoke({ prompt: `Answer: ${inputs.question}` })));
    const candidates = drafts.map(({ text }) => text.trim());
    const ballot = candidates.map((c, i) => `(${String.fromCharCode(65 + i)}) ${c}`).join("\n");
    const verdict = await this.judge.invoke({ system: "Pick the best answer.", prompt: `${inputs.question}\n${ballot}` });
    const best = Math.max(...drafts.map((d) => d.score));
    return { verdict: verdict.text.toUpperCase(), candidates, best };
  }
}

/** Query rewriting: a rewriter's output is split into keywords, cleaned and fed to retrieval and the answerer. */
@structuralJit
export class RewriteThenRetrieve extends Operator<Question, { answer: string; keywords: string[]; first: string | undefined; last: string | undefined }> {
  rewriter: Model;
  search: ReturnType<typeof retriever>;
  answerer: Model;

  constructor(log: CallLog) {
    super();
    this.rewriter = model(log, "rewriter", 1);
    this.search = retriever(log, "search", 2);
    this.answerer = model(log, "answerer", 1);
  }

  async forward(inputs: Question) {
    const rewritePrompt = `Rewrite as keywords separated by spaces: ${inputs.question}`;
    const rewritten = await this.rewriter.invoke({ prompt: rewritePrompt });
    const keywords = rewritten.text
      .split(" ")
      .map((w) => w.replace(/[^a-z0-9]/gi, "").toLowerCase())
      .filter((w) => w.length > 2)
      .slice(0, 5);
    const hits = await this.search.invoke({ query: keywords.join(" OR "), k: 2 });
    const answer = await this.answerer.invoke({ prompt: `${hits.passages.join(" | ")} => ${inputs.question}` });
    return { answer: answer.text, keywords, first: keywords.at(0), last: keywords.at(-1) };
  }
}

/** Destructuring `Promise.all` results: nested, defaults, rest, holes and renames. */
@structuralJit
export class DestructuredPanel extends Operator<Question, unknown> {
  a: Model;
  b: Model;
  c: Model;
  d: Model;
  docs: ReturnType<typeof retriever>;

  constructor(log: CallLog) {
    super();
    this.a = model(log, "a", 3);
    this.b = model(log, "b", 1);
    this.c = model(log, "c", 2);
    this.d = model(log, "d", 1);
    this.docs = retriever(log, "docs", 2);
  }

  async forward(inputs: Question) {
    const q = inputs.question;
    const [{ text: draft, score: draftScore = 0 }, , ...others] = await Promise.all([
      this.a.invoke({ prompt: q }),
      this.b.invoke({ prompt: q }),
      this.c.invoke({ prompt: q }),
      this.d.invoke({ prompt: q }),
    ]);
    const [[first, { text: second }], { passages: [top, ...restPassages], source = "unknown" }] = await Promise.all([
      Promise.all([this.a.invoke({ prompt: draft }), this.b.invoke({ prompt: draft })]),
      this.docs.invoke({ query: draft }),
    ]);
    const { tokens, ...firstRest } = first;
    return { draft, draftScore, others: others.map((o) => o.text), first: firstRest, tokens, second, top, restPassages, source };
  }
}

/** Expert map and tool table: for…of over a Map, `.entries()` and `Object.entries`, all unrolled at build time. */
@structuralJit
export class ExpertPanel extends Operator<Question, Record<string, unknown>> {
  experts = new Map<string, Model>();
  tools: Record<string, Model>;
  reviewers: Model[];

  constructor(log: CallLog) {
    super();
    this.experts.set("law", model(log, "law", 2));
    this.experts.set("medicine", model(log, "medicine", 1));
    this.tools = { calculator: model(log, "calculator", 1), search: model(log, "searchTool", 3) };
    this.reviewers = [model(log, "rev0", 1), model(log, "rev1", 2)];
  }

  async forward(inputs: Question) {
    const opinions: Record<string, string> = {};
    for (const [domain, expert] of this.experts) {
      const reply = await expert.invoke({ system: `You are an expert in ${domain}.`, prompt: inputs.question });
      opinions[domain] = reply.text;
    }
    const toolOutputs = await Promise.all(Object.entries(this.tools).map(([name, tool]) => tool.invoke({ prompt: `${name}: ${inputs.question}` })));
    const reviews: string[] = [];
    for (const [i, reviewer] of this.reviewers.entries()) {
      const review = await reviewer.invoke({ prompt: `#${i} ${Object.values(opinions).join("; ")}` });
      reviews.push(review.text);
    }
    return { opinions, tools: toolOutputs.map((t) => t.text), reviews };
  }
}

export const CASES: HeldOutCase<Question>[] = [
  { className: "MultiIndexRag", create: (log) => new MultiIndexRag(log), inputs: [{ question: "why is the sky blue" }, { question: "what is rayleigh scattering and why does it depend on wavelength" }, { question: "" }], static: true },
  { className: "EnsembleWithJudge", create: (log) => new EnsembleWithJudge(log), inputs: [{ question: "capital of France?" }, { question: "  spaced  " }], static: true },
  { className: "RewriteThenRetrieve", create: (log) => new RewriteThenRetrieve(log), inputs: [{ question: "How do tides work?" }, { question: "a" }], static: true },
  { className: "DestructuredPanel", create: (log) => new DestructuredPanel(log), inputs: [{ question: "q1" }, { question: "longer question" }], static: true },
  { className: "ExpertPanel", create: (log) => new ExpertPanel(log), inputs: [{ question: "is this contract valid?" }, { question: "dose?" }], static: true },
];
