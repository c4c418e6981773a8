// Pipelines of pipelines-effects.ts against eager `forward`: reads of what an effect was given.
import { describe, expect, it } from "vitest";
import { EffectfulFakeOperator, FakeOperator, type CallLog } from "../../support/index.js";
import type { Ask, Reply } from "./group-members.js";
import { check, join, model, ranker, widthRuns } from "./pipeline-check.js";
import {
  AliasBeforeEffect,
  DestructureAfterEffect,
  EffectInGroup,
  EntriesAfterEffect,
  EntriesLoopAfterEffect,
  FailingEffectCaught,
  FanOutEffects,
  FieldToEffect,
  GrowAroundEffects,
  GrowBetweenEffects,
  HistoryCopies,
  HistoryLength,
  HostBump,
  HostEdits,
  InnerSorter,
  KeyedThenEffect,
  NestedDocs,
  NoEffects,
  OuterOfSorter,
  PeekThenPush,
  ResultChanged,
  RewriteThenField,
  SortInHost,
  SortThenElement,
  StringsToEffect,
  type Chat,
  type Ctx,
  type Doc,
  type Message,
  type Ranked,
} from "./pipelines-effects.js";

/** A chat model wrapper that appends its reply to the history (declaring effects when `effects`). */
function chat(log: CallLog, name: string, effects = true) {
  return new (effects ? EffectfulFakeOperator : FakeOperator)<Chat, Reply>(log, {
    name,
    latency: 2,
    compute: (i) => {
      const answer = `${name}(${i.messages.map((m) => m.content).join("|")})`;
      if (effects) i.messages.push({ role: "assistant", content: answer });
      return { answer };
    },
  });
}

/** Rewrites the `q` of the object it is given (declaring effects). */
const editor = (log: CallLog) =>
  new EffectfulFakeOperator<{ o: { q: string; tag: string } }, Reply>(log, {
    name: "editor",
    compute: (i) => {
      i.o.q = `edited:${i.o.q}`;
      return { answer: "ok" };
    },
  });

describe("reads of what an effect was given", () => {
  it("an effect sorts a list holding the input; a pure call reads its first element after", async () => {
    await check((log) => ({ op: new SortThenElement(ranker(log), model(log)) }));
  });

  it("an effect rewrites a field of a local object holding the input; a pure call reads the field after", async () => {
    await check((log) => ({ op: new RewriteThenField(editor(log), model(log)) }));
  });

  it("a string read from a result before an effect changes the result keeps its old value", async () => {
    const rewriter = (log: CallLog) =>
      new EffectfulFakeOperator<{ r: Reply }, Reply>(log, {
        name: "editor",
        compute: (i) => {
          i.r.answer = `edited:${i.r.answer}`;
          return { answer: "ok" };
        },
      });
    await check((log) => ({ op: new AliasBeforeEffect(model(log, "draft"), rewriter(log), model(log)) }));
  });

  it("an effect changes a doc in a list in an object; reads by path after", async () => {
    const annotate = (log: CallLog) =>
      new EffectfulFakeOperator<Ctx, Reply>(log, {
        name: "annotate",
        compute: (i) => {
          i.ctx.docs[0]!.text = `ann:${i.ctx.docs[0]!.text}`;
          i.ctx.docs.push({ text: "new", score: 0 });
          i.ctx.label = "relabeled";
          return { answer: "ok" };
        },
      });
    await check((log) => ({ op: new NestedDocs(annotate(log), model(log)) }));
  });

  it("host code bumps a counter and renames a label; pure calls read them after", async () => {
    await check((log) => ({ op: new HostBump(model(log)) }));
  });

  const peek = (log: CallLog) => new FakeOperator<Chat, Reply>(log, { name: "peek", compute: (i) => ({ answer: `peek(${i.messages.map((m) => m.content).join("|")})` }) });

  it("a history grown between two effects that append to it, then a pure read, returned", async () => {
    await check((log) => ({ op: new GrowBetweenEffects(peek(log), chat(log, "chat"), chat(log, "chat2")) }), "structural", (v) => void (v as { history: Message[] }).history.push({ role: "caller", content: "x" }));
  });

  it("a history an effect appends to: its length read after", async () => {
    await check((log) => ({ op: new HistoryLength(chat(log, "chat")) }));
  });

  // An operator that hands back (keeps) its input declares effects (docs/decisions.md, "Tracing:
  // identity of early results"); a pure one may be given a copy.
  it("a history given to a call that keeps it (declaring effects), then effects between more pushes, then its length", async () => {
    const peek = (log: CallLog) => new EffectfulFakeOperator<Chat, Reply>(log, { name: "peek", compute: (i) => ({ answer: `peek(${i.messages.map((m) => m.content).join("|")})` }) });
    await check((log) => ({ op: new GrowAroundEffects(peek(log), chat(log, "chat"), chat(log, "chat2")) }));
  });

  it("a history given to a call that hands it back (declaring effects), then one more push", async () => {
    const handBack = (log: CallLog) => new EffectfulFakeOperator<Chat, { seen: Message[] }>(log, { name: "peek", compute: (i) => ({ seen: i.messages }) });
    await check((log) => ({ op: new PeekThenPush(handBack(log)) }));
  });

  it("an effect given strings only: the pure calls after it still start with it", async () => {
    const audit = (log: CallLog) => new EffectfulFakeOperator<Ask, Reply>(log, { name: "audit", latency: 3, compute: (i) => ({ answer: `audit(${i.query})` }) });
    const result = await check((log) => ({ op: new StringsToEffect(audit(log), model(log, "p1"), model(log, "p2")) }), "structural", undefined, widthRuns);
    expect(result.compiled.map((o) => o.peak)).toEqual([3, 3, 1, 1]);
  });

  it("an effect in a Promise.all beside a pure call; a pure read of its list after", async () => {
    await check((log) => ({ op: new EffectInGroup(ranker(log), model(log), join(log)) }));
  });

  it("an inlined operator whose inner effect sorts the list the outer passes", async () => {
    await check((log) => {
      const inner = new InnerSorter(ranker(log));
      return { op: new OuterOfSorter(inner, join(log), model(log)), nested: [inner] };
    });
  });

  it("an object filled by key given to an effect, then another key, then a pure read", async () => {
    const stamp = (log: CallLog) =>
      new EffectfulFakeOperator<{ table: Record<string, string> }, Reply>(log, {
        name: "stamp",
        compute: (i) => {
          for (const k of Object.keys(i.table)) i.table[k] = `${i.table[k]}*`;
          i.table["stamped"] = "yes";
          return { answer: "ok" };
        },
      });
    const read = (log: CallLog) =>
      new FakeOperator<{ table: Record<string, string> }, Reply>(log, { name: "read", compute: (i) => ({ answer: Object.entries(i.table).map(([k, v]) => `${k}=${v}`).join(";") }) });
    await check((log) => ({ op: new KeyedThenEffect(model(log), stamp(log), read(log)) }));
  });

  it("strings straight from the input given to an effect: the pure calls after it still start with it", async () => {
    const audit = (log: CallLog) => new EffectfulFakeOperator<Ask, Reply>(log, { name: "audit", latency: 3, compute: (i) => ({ answer: `audit(${i.query})` }) });
    const result = await check((log) => ({ op: new FieldToEffect(audit(log), model(log, "p1"), model(log, "p2")) }), "structural", undefined, widthRuns);
    expect(result.compiled.map((o) => o.peak)).toEqual([3, 3, 1, 1]);
  });

  it("a call's result an effect changes, read by path and destructured after", async () => {
    const draft = (log: CallLog) => new FakeOperator<Ask, { answer: string; notes: string[] }>(log, { name: "draft", compute: (i) => ({ answer: `draft(${i.query})`, notes: [] }) });
    const review = (log: CallLog) =>
      new EffectfulFakeOperator<{ d: { answer: string; notes: string[] } }, Reply>(log, {
        name: "review",
        latency: 2,
        compute: (i) => {
          i.d.notes.push(`checked ${i.d.answer}`);
          i.d.answer = `reviewed:${i.d.answer}`;
          return { answer: "ok" };
        },
      });
    await check((log) => ({ op: new ResultChanged(draft(log), review(log), model(log)) }));
  });

  it("host code pushes onto, deletes from, increments in and assigns into a fresh options object", async () => {
    const m = (log: CallLog) => new FakeOperator<{ query: string; opts: unknown }, Reply>(log, { name: "model", latency: 2, compute: (i) => ({ answer: `${i.query}[${JSON.stringify(i.opts)}]` }) });
    await check((log) => ({ op: new HostEdits(m(log)) }), "structural", (v) => void ((v as { opts: { tags: string[] } }).opts.tags.length = 0));
  });

  it("host code sorts a result's list in place after a sorted copy was read", async () => {
    const search = (log: CallLog) => new FakeOperator<Ask, { hits: string[] }>(log, { name: "search", compute: (i) => ({ hits: ["z", i.query, "a"] }) });
    await check((log) => ({ op: new SortInHost(search(log), join(log)) }));
  });

  it("an effect that sorts its list and fails on some runs, caught; a pure read of the list after", async () => {
    const failing = (log: CallLog) =>
      new EffectfulFakeOperator<Ranked, Reply>(log, {
        name: "ranker",
        compute: (i) => {
          i.items.sort();
          return { answer: "ok" };
        },
        fail: (i, call) => {
          i.items.reverse();
          return call % 2 === 1 ? new Error("ranker failed") : undefined;
        },
      });
    await check((log) => ({ op: new FailingEffectCaught(failing(log), join(log)) }));
  });

  it("a fan-out of effects each changing its own element of a result; a pure read after", async () => {
    const search = (log: CallLog) => new FakeOperator<Ask, { docs: Doc[] }>(log, { name: "search", compute: (i) => ({ docs: [{ text: i.query, score: 0 }, { text: "b", score: 0 }] }) });
    const score = (log: CallLog) =>
      new EffectfulFakeOperator<{ doc: Doc }, Reply>(log, {
        name: "score",
        latency: (i) => i.doc.text.length,
        compute: (i) => {
          i.doc.score = i.doc.text.length;
          return { answer: "ok" };
        },
      });
    const summarize = (log: CallLog) => new FakeOperator<{ docs: Doc[] }, Reply>(log, { name: "summarize", compute: (i) => ({ answer: i.docs.map((d) => `${d.text}:${d.score}`).join(",") }) });
    await check((log) => ({ op: new FanOutEffects(search(log), score(log), summarize(log)) }));
  });

  it("an effect stamps a table a call made; Object.entries and a map callback read it after", async () => {
    const make = (log: CallLog) => new FakeOperator<Ask, { table: Record<string, string> }>(log, { name: "make", compute: (i) => ({ table: { q: i.query } }) });
    const stamp = (log: CallLog) =>
      new EffectfulFakeOperator<{ table: Record<string, string> }, Reply>(log, {
        name: "stamp",
        latency: 2,
        compute: (i) => {
          i.table["stamped"] = "yes";
          return { answer: "ok" };
        },
      });
    await check((log) => ({ op: new EntriesAfterEffect(make(log), stamp(log), model(log)) }));
  });

  it("destructuring and a spread of a local object after an effect changed it", async () => {
    await check((log) => ({ op: new DestructureAfterEffect(editor(log)) }));
  });

  it("no effects: the graph keeps its width", async () => {
    const result = await check((log) => ({ op: new NoEffects(model(log, "p1"), model(log, "p2"), join(log, "p3")) }), "structural", undefined, widthRuns);
    expect(result.compiled.map((o) => o.peak)).toEqual([3, 3, 1, 1]);
  });

  it("a history an effect appended to, read after by a spread copy, a map and a slice", async () => {
    await check((log) => ({ op: new HistoryCopies(chat(log, "chat"), peek(log)) }));
  });

  it("an object filled by key given to an effect that adds a key; a loop over its entries after", async () => {
    const stamp = (log: CallLog) =>
      new EffectfulFakeOperator<{ table: Record<string, string> }, Reply>(log, {
        name: "stamp",
        compute: (i) => {
          i.table["law"] = "changed";
          i.table["stamped"] = "yes";
          return { answer: "ok" };
        },
      });
    await check((log) => ({ op: new EntriesLoopAfterEffect(model(log), stamp(log)) }));
  });
});
