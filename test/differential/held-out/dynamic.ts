// Held-out pipelines with data-dependent control flow, try/catch and console output: graph breaks
// and bail-outs are expected; what they mean must still be exactly eager's.
import { Operator, structuralJit } from "xcs-jit";
import type { CallLog } from "../../support/index.js";
import { model, retriever, sink, type HeldOutCase, type Model } from "./kit.js";

type Ask = { query: string; maxRounds?: number };

const ACCEPT = 5;

/** Verifier loop: draft, verify, revise until accepted or out of rounds (early return on acceptance). */
@structuralJit
export class VerifierLoop extends Operator<Ask, { answer: string; rounds: number; accepted: boolean }> {
  drafter: Model;
  verifier: Model;
  reviser: Model;
  rounds = 3;

  constructor(log: CallLog) {
    super();
    this.drafter = model(log, "drafter", 2);
    this.verifier = model(log, "verifier", 1);
    this.reviser = model(log, "reviser", 1);
  }

  async forward(inputs: Ask) {
    let draft = await this.drafter.invoke({ prompt: inputs.query });
    for (let round = 0; round < this.rounds; round++) {
      const verdict = await this.verifier.invoke({ prompt: `Check: ${draft.text}` });
      if (verdict.score >= ACCEPT) return { answer: draft.text, rounds: round, accepted: true };
      draft = await this.reviser.invoke({ prompt: `Fix (${verdict.score}): ${draft.text}` });
    }
    return { answer: draft.text, rounds: this.rounds, accepted: false };
  }
}

/** A primary model with a fallback on failure, and a cheap call that runs regardless. */
@structuralJit
export class FallbackOnError extends Operator<Ask, { answer: string; usedFallback: boolean; tags: string }> {
  primary: Model;
  fallback: Model;
  tagger: Model;

  constructor(log: CallLog) {
    super();
    this.primary = model(log, "primary", 3, (i) => i.prompt.includes("!"));
    this.fallback = model(log, "fallback", 1);
    this.tagger = model(log, "tagger", 1);
  }

  async forward(inputs: Ask) {
    const tags = await this.tagger.invoke({ prompt: inputs.query });
    let answer: string;
    let usedFallback = false;
    try {
      const reply = await this.primary.invoke({ prompt: inputs.query });
      answer = reply.text;
    } catch (error) {
      console.warn(`primary failed: ${(error as Error).message}`);
      const reply = await this.fallback.invoke({ prompt: inputs.query });
      answer = reply.text;
      usedFallback = true;
    }
    return { answer, usedFallback, tags: tags.text };
  }
}

/** A classifier routes to one expert out of a map; unknown routes go to a generalist. */
@structuralJit
export class ClassifierRouter extends Operator<Ask, { route: string; answer: string }> {
  classifier: Model;
  experts: Map<string, Model>;
  generalist: Model;

  constructor(log: CallLog) {
    super();
    this.classifier = model(log, "classifier", 1);
    this.experts = new Map([
      ["code", model(log, "coder", 2)],
      ["math", model(log, "mathematician", 3)],
    ]);
    this.generalist = model(log, "generalist", 1);
  }

  async forward(inputs: Ask) {
    const label = await this.classifier.invoke({ prompt: inputs.query });
    const route = label.score % 3 === 0 ? "code" : label.score % 3 === 1 ? "math" : "other";
    const expert = this.experts.get(route) ?? this.generalist;
    const reply = await expert.invoke({ system: `route=${route}`, prompt: inputs.query });
    return { route, answer: reply.text };
  }
}

/** Guard clauses: empty input returns at once; a short query skips retrieval. */
@structuralJit
export class GuardedRag extends Operator<Ask, { answer: string; retrieved: number }> {
  search: ReturnType<typeof retriever>;
  writer: Model;

  constructor(log: CallLog) {
    super();
    this.search = retriever(log, "search", 2);
    this.writer = model(log, "writer", 1);
  }

  async forward(inputs: Ask) {
    const query = inputs.query.trim();
    if (!query) return { answer: "Please ask a question.", retrieved: 0 };
    if (query.split(" ").length < 2) {
      const direct = await this.writer.invoke({ prompt: query });
      return { answer: direct.text, retrieved: 0 };
    }
    const hits = await this.search.invoke({ query });
    const reply = await this.writer.invoke({ prompt: `${hits.passages.join("\n")}\n${query}` });
    return { answer: reply.text, retrieved: hits.passages.length };
  }
}

/** Progress on the console between calls, and an effectful notification at the end. */
@structuralJit
export class LoggedPipeline extends Operator<Ask, string> {
  outline: Model;
  sections: Model[];
  notify: Operator<{ message: string }, { ok: true; by: string }>;

  constructor(log: CallLog) {
    super();
    this.outline = model(log, "outline", 1);
    this.sections = [model(log, "s0", 2), model(log, "s1", 1)];
    this.notify = sink(log, "notify", 1);
  }

  async forward(inputs: Ask) {
    console.log(`starting: ${inputs.query}`);
    const outline = await this.outline.invoke({ prompt: inputs.query });
    console.info("outline ready", outline.tokens);
    const parts = await Promise.all(this.sections.map((s) => s.invoke({ prompt: outline.text })));
    const doc = parts.map((p) => p.text).join("\n\n");
    await this.notify.invoke({ message: `done ${doc.length}` });
    console.log("finished");
    return doc;
  }
}

/** Sub-questions from a decomposer, each retrieved for: a fan-out over data. */
@structuralJit
export class DecomposeAndRetrieve extends Operator<Ask, { subAnswers: string[] }> {
  decomposer: Model;
  search: ReturnType<typeof retriever>;

  constructor(log: CallLog) {
    super();
    this.decomposer = model(log, "decomposer", 1);
    this.search = retriever(log, "search", 2, (q) => q.includes("boom"));
  }

  async forward(inputs: Ask) {
    const plan = await this.decomposer.invoke({ prompt: inputs.query });
    const subQuestions = plan.text.split(" ").filter((s) => s.length > 0).slice(0, 3);
    const results = await Promise.all(subQuestions.map((q) => this.search.invoke({ query: q, k: 1 })));
    return { subAnswers: results.map((r) => r.passages[0] ?? "") };
  }
}

/** `Promise.all` with one failing member among slower and faster ones, caught, with a degraded answer. */
@structuralJit
export class CaughtRace extends Operator<Ask, { answer: string; degraded: boolean }> {
  slow: Model;
  failing: Model;
  quick: Model;
  backup: Model;

  constructor(log: CallLog) {
    super();
    this.slow = model(log, "slow", 4);
    this.failing = model(log, "failing", 2, (i) => i.prompt.startsWith("x"));
    this.quick = model(log, "quick", 1);
    this.backup = model(log, "backup", 1);
  }

  async forward(inputs: Ask) {
    try {
      const [s, f, q] = await Promise.all([
        this.slow.invoke({ prompt: inputs.query }),
        this.failing.invoke({ prompt: inputs.query }),
        this.quick.invoke({ prompt: inputs.query }),
      ]);
      return { answer: `${s.text}|${f.text}|${q.text}`, degraded: false };
    } catch (err) {
      console.error("race failed:", (err as Error).message);
      const b = await this.backup.invoke({ prompt: inputs.query });
      return { answer: b.text, degraded: true };
    }
  }
}

/** A switch on the intent a model returned. */
@structuralJit
export class IntentSwitch extends Operator<Ask, string> {
  intent: Model;
  faq: Model;
  agent: Model;
  audit: Operator<{ intent: number }, { ok: true; by: string }>;

  constructor(log: CallLog) {
    super();
    this.intent = model(log, "intent", 1);
    this.faq = model(log, "faq", 1);
    this.agent = model(log, "agent", 2);
    this.audit = sink(log, "audit", 1);
  }

  async forward(inputs: Ask) {
    const intent = await this.intent.invoke({ prompt: inputs.query });
    await this.audit.invoke({ intent: intent.score });
    switch (intent.score % 2) {
      case 0:
        return (await this.faq.invoke({ prompt: inputs.query })).text;
      default: {
        const reply = await this.agent.invoke({ prompt: inputs.query });
        return reply.text.toLowerCase();
      }
    }
  }
}

/** Retry until the score is good enough, with a counter, at most `maxRounds` times. */
@structuralJit
export class RetryUntilGood extends Operator<Ask, { text: string; attempts: number }> {
  generator: Model;

  constructor(log: CallLog) {
    super();
    this.generator = model(log, "generator", 1);
  }

  async forward(inputs: Ask) {
    let attempts = 0;
    let reply = await this.generator.invoke({ prompt: inputs.query });
    while (reply.score < 6 && attempts < (inputs.maxRounds ?? 2)) {
      attempts++;
      reply = await this.generator.invoke({ prompt: `${inputs.query} (try ${attempts})` });
    }
    return { text: reply.text, attempts };
  }
}

/** Parallel branches, one of which logs through an effectful sink only when its reply is weak. */
@structuralJit
export class ConditionalEscalation extends Operator<Ask, unknown> {
  left: Model;
  right: Model;
  escalate: Operator<{ reason: string }, { ok: true; by: string }>;
  summarize: Model;

  constructor(log: CallLog) {
    super();
    this.left = model(log, "left", 2);
    this.right = model(log, "right", 3);
    this.escalate = sink(log, "escalate", 1);
    this.summarize = model(log, "summarize", 1);
  }

  async forward(inputs: Ask) {
    const [l, r] = await Promise.all([this.left.invoke({ prompt: inputs.query }), this.right.invoke({ prompt: inputs.query })]);
    if (l.score + r.score < 8) await this.escalate.invoke({ reason: `low ${l.score}+${r.score}` });
    const s = await this.summarize.invoke({ prompt: `${l.text} ${r.text}` });
    return { summary: s.text, total: l.score + r.score };
  }
}

export const CASES: HeldOutCase<Ask>[] = [
  { className: "VerifierLoop", create: (log) => new VerifierLoop(log), inputs: [{ query: "abc" }, { query: "a longer query" }, { query: "q" }, { query: "zz" }], static: false },
  { className: "FallbackOnError", create: (log) => new FallbackOnError(log), inputs: [{ query: "ok" }, { query: "boom!" }, { query: "ok again" }], static: false },
  { className: "ClassifierRouter", create: (log) => new ClassifierRouter(log), inputs: [{ query: "a" }, { query: "bb" }, { query: "ccc" }, { query: "dddd" }], static: false },
  { className: "GuardedRag", create: (log) => new GuardedRag(log), inputs: [{ query: "   " }, { query: "single" }, { query: "two words" }, { query: "" }], static: false },
  { className: "LoggedPipeline", create: (log) => new LoggedPipeline(log), inputs: [{ query: "write a memo" }, { query: "x" }], static: false },
  { className: "DecomposeAndRetrieve", create: (log) => new DecomposeAndRetrieve(log), inputs: [{ query: "one two" }, { query: "boom here" }, { query: "a b c d e" }], static: false },
  { className: "CaughtRace", create: (log) => new CaughtRace(log), inputs: [{ query: "fine" }, { query: "xfail" }, { query: "fine" }], static: false },
  { className: "IntentSwitch", create: (log) => new IntentSwitch(log), inputs: [{ query: "a" }, { query: "bb" }, { query: "ccc" }], static: false },
  { className: "RetryUntilGood", create: (log) => new RetryUntilGood(log), inputs: [{ query: "a" }, { query: "abcd", maxRounds: 4 }, { query: "xyz" }], static: false },
  { className: "ConditionalEscalation", create: (log) => new ConditionalEscalation(log), inputs: [{ query: "a" }, { query: "hello" }, { query: "abc" }], static: false },
];
