// Pipelines whose values are shared between steps and changed by a step: a chat history filled by
// pushes that a sub-operator appends to, a traced caller whose callee changes its input, operators
// with a `static spec` whose schema fills defaults, a fan-out whose callbacks push in the order
// their calls settle.
import { Operator, structuralJit } from "xcs-jit";
import type { Ask, Reply } from "./group-members.js";

export type Message = { role: string; content: string };
export type Chat = { messages: Message[] };

/** Two chat turns, each through its own wrapper. */
abstract class TwoTurns extends Operator<Ask, { first: string; second: string }> {
  constructor(
    readonly chat: Operator<Chat, Reply>,
    readonly chat2: Operator<Chat, Reply>,
  ) {
    super();
  }
}

// 1. A conversation: a system message, the user's, then two model turns; the chat operator appends
//    its reply to the history it was given (as some SDK wrappers do).

@structuralJit
export class Conversation extends TwoTurns {
  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "be brief" }];
    messages.push({ role: "user", content: inputs.query });
    const a = await this.chat.invoke({ messages });
    const b = await this.chat2.invoke({ messages });
    return { first: a.answer, second: b.answer };
  }
}

// 1b. The same with a history that holds constants only.

@structuralJit
export class ConstantConversation extends TwoTurns {
  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "be brief" }];
    messages.push({ role: "user", content: "hello" });
    const a = await this.chat.invoke({ messages });
    const b = await this.chat2.invoke({ messages });
    return { first: `${a.answer} ${inputs.query}`, second: b.answer };
  }
}

// 1c. A literal history (no push) given to two calls in a `Promise.all`, the second reads it after.

@structuralJit
export class LiteralHistory extends TwoTurns {
  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "be brief" }];
    const a = await this.chat.invoke({ messages });
    const b = await this.chat2.invoke({ messages: messages });
    return { first: `${a.answer} ${inputs.query}`, second: b.answer };
  }
}

// 2. A traced caller (it counts runs on `this`) that builds an options object and gives it to a
//    pure callee that records on it what it did; the caller returns the options.

@structuralJit
export class TracedTagging extends Operator<Ask, { answer: string; opts: { tags: string[] }; runs: number }> {
  runs = 0;

  constructor(readonly tagger: Operator<{ query: string; opts: { tags: string[] } }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    this.runs += 1;
    const opts = { tags: ["base"] };
    const r = await this.tagger.invoke({ query: "fixed", opts });
    return { answer: `${r.answer} ${inputs.query}`, opts, runs: this.runs };
  }
}

// 2b. The same compiled structurally.

@structuralJit
export class StructuralTagging extends Operator<Ask, { answer: string; opts: { tags: string[] } }> {
  constructor(readonly tagger: Operator<{ query: string; opts: { tags: string[] } }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { tags: ["base"] };
    const r = await this.tagger.invoke({ query: "fixed", opts });
    return { answer: `${r.answer} ${inputs.query}`, opts };
  }
}

// 3. An operator with a `static spec` whose input schema fills a default, called by a pipeline.

const withLanguage = {
  "~standard": {
    version: 1 as const,
    vendor: "pipelines-shared",
    validate: (value: unknown) => {
      const v = value as { query?: unknown; lang?: string };
      if (typeof v.query !== "string") return { issues: [{ message: "expected a string", path: ["query"] }] };
      return { value: { query: v.query, lang: v.lang ?? "en" } };
    },
  },
};

@structuralJit
export class Translate extends Operator<{ query: string; lang?: string }, Reply> {
  static override spec = { input: withLanguage };

  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: { query: string; lang?: string }): Promise<Reply> {
    const r = await this.model.invoke({ query: `${inputs.lang}:${inputs.query}` });
    return { answer: `${r.answer}/${inputs.lang}` };
  }
}

@structuralJit
export class TranslateBoth extends Operator<Ask, { answers: string[] }> {
  constructor(readonly translate: Translate) {
    super();
  }

  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.translate.invoke({ query: inputs.query }), this.translate.invoke({ query: inputs.query, lang: "fr" })]);
    return { answers: [a.answer, b.answer] };
  }
}

/** Gives the spec'd operator an input its schema rejects (a number for `query`) on some runs. */
@structuralJit
export class TranslateLength extends Operator<Ask, Reply> {
  constructor(readonly translate: Translate) {
    super();
  }

  async forward(inputs: Ask) {
    const q = inputs.query.length > 1 ? (inputs.query.length as unknown as string) : inputs.query;
    return this.translate.invoke({ query: q });
  }
}

// 4. A fan-out whose callbacks push into an outer list in the order their calls settle.

@structuralJit
export class SettleOrder extends Operator<Ask, { order: string[] }> {
  sources = ["slow", "fast", "mid"];

  constructor(readonly search: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const order: string[] = [];
    await Promise.all(
      this.sources.map(async (s) => {
        const r = await this.search.invoke({ query: `${s}:${inputs.query}` });
        order.push(r.answer);
      }),
    );
    return { order };
  }
}


// 5. Host code that changes a local object two calls are given: the second call sees the change.

/** Not known to the transformer: its call runs as written in a host node. */
function addTag(opts: { tags: string[] }, tag: string): void {
  opts.tags.push(tag);
}

@structuralJit
export class TagBetweenCalls extends Operator<Ask, { answer: string; tags: string[] }> {
  constructor(readonly model: Operator<{ query: string; opts: { tags: string[] } }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { tags: ["base"] };
    const first = await this.model.invoke({ query: inputs.query, opts });
    addTag(opts, first.answer);
    const second = await this.model.invoke({ query: "again", opts });
    return { answer: second.answer, tags: opts.tags };
  }
}
