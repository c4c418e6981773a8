// Pipelines of pipelines-shared.ts against eager `forward`.
import { describe, it } from "vitest";
import { EffectfulFakeOperator, FakeOperator, type CallLog } from "../../support/index.js";
import type { Ask, Reply } from "./group-members.js";
import { check } from "./pipeline-check.js";
import { Conversation, ConstantConversation, LiteralHistory, SettleOrder, StructuralTagging, TagBetweenCalls, TracedTagging, Translate, TranslateBoth, TranslateLength, type Chat } from "./pipelines-shared.js";

/** A chat model wrapper that appends its reply to the history it was given (declaring effects, when `effects`). */
function chat(log: CallLog, name: string, effects = false) {
  return new (effects ? EffectfulFakeOperator : FakeOperator)<Chat, Reply>(log, {
    name,
    compute: (i) => {
      const answer = `${name}(${i.messages.map((m) => m.content).join("|")})`;
      i.messages.push({ role: "assistant", content: answer });
      return { answer };
    },
  });
}

const unbounded = ["q", "rr", "q", "s"].map((query) => ({ input: { query }, options: undefined }));

describe("values shared between steps and changed by a step", () => {
  it("a history filled by pushes that an operator declaring effects appends to: the second call sees it", async () => {
    await check((log) => ({ op: new Conversation(chat(log, "chat", true), chat(log, "chat2", true)) }));
  });

  it("a constant history filled by pushes that an operator declaring effects appends to: the second call sees it", async () => {
    await check((log) => ({ op: new ConstantConversation(chat(log, "chat", true), chat(log, "chat2", true)) }));
  });

  it("a literal history given to two calls in turn, the first appends to it", async () => {
    await check((log) => ({ op: new LiteralHistory(chat(log, "chat"), chat(log, "chat2")) }));
  });

  // A callee that changes its input declares effects (docs/decisions.md, "Tracing: identity of
  // early results": a pure one's early result may have been computed on the predicted objects).
  const tagger = (log: CallLog) =>
    new EffectfulFakeOperator<{ query: string; opts: { tags: string[] } }, Reply>(log, {
      name: "tagger",
      compute: (i) => {
        i.opts.tags.push("tagged");
        return { answer: `tagger(${i.query})` };
      },
    });

  it("a traced caller whose callee (declaring effects) records on the options it was given", async () => {
    await check((log) => ({ op: new TracedTagging(tagger(log)) }), "traced", (v) => void (v as { opts: { tags: string[] } }).opts.tags.push("caller"));
  });

  it("a compiled caller whose callee (declaring effects) records on the options it was given", async () => {
    await check((log) => ({ op: new StructuralTagging(tagger(log)) }), "structural", (v) => void (v as { opts: { tags: string[] } }).opts.tags.push("caller"));
  });

  const model = (log: CallLog) => new FakeOperator<Ask, Reply>(log, { name: "model", compute: (i) => ({ answer: `model(${i.query})` }) });

  it("a spec'd operator whose schema fills a default, called twice in a group", async () => {
    await check((log) => {
      const t = new Translate(model(log));
      return { op: new TranslateBoth(t), nested: [t] };
    });
  });

  it("a spec'd operator whose schema rejects the input on some runs", async () => {
    await check((log) => {
      const t = new Translate(model(log));
      return { op: new TranslateLength(t), nested: [t] };
    });
  });

  it("host code that changes a local object between two pure calls given it: the second call sees the change", async () => {
    const model = (log: CallLog) =>
      new FakeOperator<{ query: string; opts: { tags: string[] } }, Reply>(log, { name: "model", latency: 2, compute: (i) => ({ answer: `${i.query}[${i.opts.tags.join(",")}]` }) });
    await check((log) => ({ op: new TagBetweenCalls(model(log)) }));
  });

  it("a fan-out whose callbacks push in the order their calls settle", async () => {
    await check((log) => ({
      op: new SettleOrder(new FakeOperator<Ask, Reply>(log, { name: "search", latency: (i) => ({ slow: 3, fast: 1, mid: 2 })[i.query.split(":")[0]!]!, compute: (i) => ({ answer: i.query }) })),
    }), "structural", undefined, unbounded);
  });
});
