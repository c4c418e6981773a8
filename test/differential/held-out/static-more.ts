// Held-out static pipelines, part 3: chains on literals and on members, module-level prompt
// helpers, a refinement chain through a `let`, failures racing inside `Promise.all`, weighted votes.
import { Operator, structuralJit } from "xcs-jit";
import type { CallLog } from "../../support/index.js";
import { model, retriever, type HeldOutCase, type Model } from "./kit.js";

type Task = { text: string; audience?: string };

const STYLE_GUIDE = "be concise; avoid jargon; cite sources";

export function buildPrompt(task: string, audience: string, rules: string[]): string {
  return [`Task: ${task}`, `Audience: ${audience}`, ...rules.map((r) => `- ${r}`)].join("\n");
}

function scoreOf(reply: { score: number; tokens: number }) {
  return reply.score * 10 - reply.tokens;
}

/** String and array chains on literals and on members: everything known when the graph is built. */
@structuralJit
export class LiteralChains extends Operator<Task, unknown> {
  members: Model[];
  summarizer: Model;

  constructor(log: CallLog) {
    super();
    this.members = [model(log, "m0", 1), model(log, "m1", 2), model(log, "m2", 3)];
    this.summarizer = model(log, "summarizer", 1);
  }

  async forward(inputs: Task) {
    const rules = STYLE_GUIDE.split(";").map((r) => r.trim()).filter((r) => r.length > 0);
    const header = "summary".toUpperCase().slice(0, 3);
    const lead = this.members.at(0)!;
    const tail = this.members.slice(1);
    const first = await lead.invoke({ prompt: `${header}: ${inputs.text}` });
    const others = await Promise.all(tail.map((m, i) => m.invoke({ prompt: `${rules.at(i) ?? "none"} ${first.text}` })));
    const last = await this.members.at(-1)!.invoke({ prompt: rules.join(", ") });
    const summary = await this.summarizer.invoke({ prompt: [first, ...others, last].map((r) => r.text.slice(0, 12)).join("/") });
    return { summary: summary.text, rules: rules.length, header };
  }
}

/** Module-level pure helpers build the prompts and rank the replies. */
@structuralJit
export class HelperPrompts extends Operator<Task, { best: string; ranked: number[] }> {
  writers: Model[];

  constructor(log: CallLog) {
    super();
    this.writers = [model(log, "w0", 2), model(log, "w1", 1)];
  }

  async forward(inputs: Task) {
    const prompt = buildPrompt(inputs.text, inputs.audience ?? "general", STYLE_GUIDE.split("; "));
    const replies = await Promise.all(this.writers.map((w) => w.invoke({ prompt })));
    const ranked = replies.map(scoreOf);
    const best = replies.reduce((a, b) => (scoreOf(b) > scoreOf(a) ? b : a));
    return { best: best.text, ranked };
  }
}

/** Draft, then a fixed chain of critics, each refining the previous text. */
@structuralJit
export class RefinementChain extends Operator<Task, { text: string; history: string[] }> {
  drafter: Model;
  critics: Model[];

  constructor(log: CallLog) {
    super();
    this.drafter = model(log, "drafter", 2);
    this.critics = ["clarity", "accuracy", "tone"].map((name) => model(log, name, 1));
  }

  async forward(inputs: Task) {
    let current = await this.drafter.invoke({ prompt: inputs.text });
    const history: string[] = [current.text];
    for (const critic of this.critics) {
      current = await critic.invoke({ prompt: `Improve: ${current.text}` });
      history.push(current.text);
    }
    return { text: current.text, history };
  }
}

/** A failing call inside `Promise.all`, next to slower and faster ones: the first failure in time wins. */
@structuralJit
export class RacingFailures extends Operator<Task, unknown> {
  fast: Model;
  slowFlaky: Model;
  fastFlaky: Model;
  after: Model;

  constructor(log: CallLog) {
    super();
    this.fast = model(log, "fast", 1);
    this.slowFlaky = model(log, "slowFlaky", 5, (i) => i.prompt.includes("slow"));
    this.fastFlaky = model(log, "fastFlaky", 2, (i) => i.prompt.includes("quick"));
    this.after = model(log, "after", 1);
  }

  async forward(inputs: Task) {
    const [a, b, c] = await Promise.all([
      this.slowFlaky.invoke({ prompt: inputs.text }),
      this.fast.invoke({ prompt: inputs.text }),
      this.fastFlaky.invoke({ prompt: inputs.text }),
    ]);
    const merged = await this.after.invoke({ prompt: [a.text, b.text, c.text].join("+") });
    return merged.text;
  }
}

/** A weighted vote: weights from configuration, keyed by voter name. */
@structuralJit
export class WeightedVote extends Operator<Task, { winner: string; total: number; tally: Record<string, number> }> {
  voters: Record<string, Model>;
  weights: Record<string, number>;
  search: ReturnType<typeof retriever>;

  constructor(log: CallLog) {
    super();
    this.voters = { alpha: model(log, "alpha", 1), beta: model(log, "beta", 2), gamma: model(log, "gamma", 1) };
    this.weights = { alpha: 0.5, beta: 0.3, gamma: 0.2 };
    this.search = retriever(log, "evidence", 1);
  }

  async forward(inputs: Task) {
    const evidence = await this.search.invoke({ query: inputs.text, k: 1 });
    const votes = await Promise.all(
      Object.entries(this.voters).map(async ([name, voter]) => {
        const reply = await voter.invoke({ prompt: `${evidence.passages.join(" ")} ${inputs.text}` });
        return { name, weighted: reply.score * (this.weights[name] ?? 0) };
      }),
    );
    const tally = Object.fromEntries(votes.map((v) => [v.name, v.weighted]));
    const total = votes.reduce((sum, v) => sum + v.weighted, 0);
    const winner = [...votes].sort((x, y) => y.weighted - x.weighted)[0]!.name;
    return { winner, total, tally };
  }
}

export const CASES: HeldOutCase<Task>[] = [
  { className: "LiteralChains", create: (log) => new LiteralChains(log), inputs: [{ text: "the quarterly report" }, { text: "" }], static: true },
  { className: "HelperPrompts", create: (log) => new HelperPrompts(log), inputs: [{ text: "explain DNS", audience: "kids" }, { text: "explain TLS" }], static: true },
  { className: "RefinementChain", create: (log) => new RefinementChain(log), inputs: [{ text: "a rough draft" }, { text: "another" }], static: true },
  {
    className: "RacingFailures",
    create: (log) => new RacingFailures(log),
    inputs: [{ text: "fine" }, { text: "slow and quick" }, { text: "slow only" }, { text: "quick only" }, { text: "fine again" }],
    static: true,
  },
  { className: "WeightedVote", create: (log) => new WeightedVote(log), inputs: [{ text: "is it safe" }, { text: "yes or no" }], static: true },
];
