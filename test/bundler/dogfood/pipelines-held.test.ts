// Pipelines of pipelines-held.ts against eager `forward`: held literals (7b72e08) aliased, nested,
// looped over, changed by effects or host code, read again, returned and changed by the caller.
import { explain } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { CallLog, EffectfulFakeOperator, FakeOperator } from "../../support/index.js";
import type { Ask, Reply } from "./group-members.js";
import { check, runs, scenario, type Build } from "./pipeline-check.js";
import * as H from "./pipelines-held.js";
import type { Ctx, Items, Meta, Opts, Task, WithOpts, WithTask, WithTasks } from "./pipelines-held.js";

// Leaves.
const model = (log: CallLog, name = "model", latency = 1) => new FakeOperator<Ask, Reply>(log, { name, latency, compute: (i) => ({ answer: `${name}(${i.query})` }) });
const join = (log: CallLog, name = "join") => new FakeOperator<Items, Reply>(log, { name, compute: (i) => ({ answer: i.items.join("+") }) });
const showOpts = (o: Opts) => `${o.query},${o.k},${o.tags.join("+")}${o.style === undefined ? "" : `,${o.style}`}`;
const see = (log: CallLog, name = "see") => new FakeOperator<WithOpts, Reply>(log, { name, latency: 2, compute: (i) => ({ answer: `${name}(${showOpts(i.opts)})` }) });
const seeTasks = (log: CallLog, name = "seeTasks") =>
  new FakeOperator<WithTasks, Reply>(log, { name, latency: 2, compute: (i) => ({ answer: `${name}(${i.tasks.map((t) => `${t.q}:${t.tag}`).join(",")})` }) });
const worker = (log: CallLog) => new FakeOperator<WithTask, Reply>(log, { name: "worker", latency: 2, compute: (i) => ({ answer: `w(${i.task.q}:${i.task.tag})` }) });
/** Effects. */
const ranker = (log: CallLog, name = "ranker") =>
  new EffectfulFakeOperator<Items, Reply>(log, { name, latency: 2, compute: (i) => (i.items.push("aa"), i.items.sort(), { answer: i.items.join(",") }) });
const stepRanker = (log: CallLog) =>
  new EffectfulFakeOperator<Items & { step: string }, Reply>(log, { name: "ranker", compute: (i) => (i.items.push(i.step), i.items.sort(), { answer: i.items.join(",") }) });
const pusher = (log: CallLog, name = "pusher") =>
  new EffectfulFakeOperator<Items, Reply>(log, { name, compute: (i) => (i.items.push(`p${i.items.length}`), { answer: i.items.join(",") }) });
const tagger = (log: CallLog) =>
  new EffectfulFakeOperator<WithOpts, Reply>(log, { name: "tagger", compute: (i) => (i.opts.tags.push(`tag${i.opts.tags.length}`), (i.opts.k += 1), { answer: showOpts(i.opts) }) });
const marker = (log: CallLog) => new EffectfulFakeOperator<WithTask, Reply>(log, { name: "marker", compute: (i) => ((i.task.tag = `done:${i.task.q}`), { answer: i.task.tag }) });
const reorder = (log: CallLog) =>
  new EffectfulFakeOperator<WithTasks, Reply>(log, {
    name: "reorder",
    compute: (i) => {
      i.tasks.reverse();
      for (const t of i.tasks) t.tag += "!";
      i.tasks.push({ q: "added", tag: "z" });
      return { answer: String(i.tasks.length) };
    },
  });

const mutateList = (key: string) => (v: unknown) => void (v as Record<string, unknown[]>)[key]!.push("caller" as never);

/** What the compiled class looks like: host nodes and diagnostics other than the mode line. */
function shape(build: Build) {
  const e = explain(scenario(build, false)().op);
  return { hosts: e.graph?.nodes.filter((n) => n.kind === "host").length, diagnostics: e.diagnostics.filter((d) => !d.includes("structural")) };
}

/** Eager's results, structural, and (for pure pipelines) no host node and no diagnostics. */
async function pure(build: Build, consume?: (v: unknown) => void) {
  await check(build, "structural", consume);
  expect(shape(build)).toEqual({ hosts: 0, diagnostics: [] });
}

describe("held literals: aliases, parts, loops, effects and host code against eager", () => {
  it("H1: an effect pushes onto a constant list nested in held options; four runs", async () => {
    await check((log) => ({ op: new H.NestedConstPushed(tagger(log), model(log)) }));
  });

  it("H2: pure only: options with a constant nested list returned whole; the caller pushes onto it", async () => {
    await pure((log) => ({ op: new H.ReturnedConstNested(see(log), model(log)) }), (v) => void (v as { opts: Opts }).opts.tags.push("caller"));
  });

  it("H3: an alias of the whole literal given to an effect; the original read after", async () => {
    await check((log) => ({ op: new H.AliasWhole(tagger(log)) }));
  });

  it("H4: an alias of an element given to an effect; the element read through the list after", async () => {
    await check((log) => ({ op: new H.ElementAlias(marker(log)) }), "structural", (v) => void ((v as { all: Task[] }).all[1]!.tag = "caller"));
  });

  it("H4b: an element taken before the list is given to an effect that reorders and marks it", async () => {
    await check((log) => ({ op: new H.ElementTakenBefore(seeTasks(log), reorder(log)) }));
  });

  it("H5: destructured after an effect changed it", async () => {
    await check((log) => ({ op: new H.DestructureAfterEffect(tagger(log)) }), "structural", mutateList("tags"));
  });

  it("H5b: a part destructured before an effect pushes onto it", async () => {
    await check((log) => ({ op: new H.DestructureBeforeEffect(see(log), tagger(log)) }));
  });

  it("H6: a spread copy of a list of objects given to an effect that marks and reverses it", async () => {
    await check((log) => ({ op: new H.SpreadObjectsToEffect(reorder(log), model(log)) }));
  });

  it("H7: Object.values of a held object after an effect rewrote a value", async () => {
    const rewriter = (log: CallLog) =>
      new EffectfulFakeOperator<{ parts: Record<string, string> }, Reply>(log, { name: "rewriter", compute: (i) => ((i.parts.a = `rw:${i.parts.a}`), (i.parts.c = "new"), { answer: "ok" }) });
    await check((log) => ({ op: new H.ValuesAfterEffect(rewriter(log), model(log)) }));
  });

  it("H8: a ternary alias of one of two held lists given to an effect", async () => {
    await check((log) => ({ op: new H.TernaryPick(pusher(log)) }), "structural", mutateList("b"));
  });

  it("H8b: a ternary inside an effect's input", async () => {
    await check((log) => ({ op: new H.TernaryInCall(join(log), pusher(log)) }), "structural", mutateList("a"));
  });

  it("H9: lists nested in a literal given to two effects; the whole returned", async () => {
    const metaEff = (log: CallLog) => new EffectfulFakeOperator<{ meta: Meta }, Reply>(log, { name: "meta", compute: (i) => (i.meta.seen.push(i.meta.by), { answer: "m" }) });
    await check((log) => ({ op: new H.NestedParts(pusher(log), metaEff(log)) }), "structural", (v) => void (v as { outer: { inner: string[] } }).outer.inner.push("caller"));
  });

  it("H9b: a loop over a nested list after an effect was given it (traced: an effect was given it)", async () => {
    await check((log) => ({ op: new H.NestedPartLoop(pusher(log), model(log)) }), "traced");
  });

  it("H9c: a loop over a nested list after an effect was given the outer object (traced: an effect was given it)", async () => {
    await check((log) => ({ op: new H.OuterGivenInnerLooped(tagger(log), model(log)) }), "traced");
  });

  it("H10: loop variables given to an effect; the list judged and returned", async () => {
    await check((log) => ({ op: new H.LoopVarToEffect(marker(log), seeTasks(log)) }), "structural", (v) => void ((v as { tasks: Task[] }).tasks[0]!.tag = "caller"));
  });

  it("H11: a loop over members reading the literal, then giving it to an effect that sorts it", async () => {
    await check((log) => ({ op: new H.LoopBodyGives(model(log), stepRanker(log)) }), "structural", mutateList("items"));
  });

  it("H11b: a counted loop reading the literal by index, then giving it to an effect that pushes", async () => {
    await check((log) => ({ op: new H.CountedLoopGives(pusher(log), model(log)) }));
  });

  it("H12: .map with an async body of two awaits giving each element to an effect", async () => {
    const slowModel = (log: CallLog) => new FakeOperator<Ask, Reply>(log, { name: "model", latency: (i) => (i.query === "slow" ? 3 : 1), compute: (i) => ({ answer: `model(${i.query})` }) });
    await check((log) => ({ op: new H.MapTwoAwaitsEffect(slowModel(log), marker(log)) }));
  });

  it("H12b: .map over members with an async body of two awaits, the second giving the held list to an effect", async () => {
    const slowModel = (log: CallLog) => new FakeOperator<Ask, Reply>(log, { name: "model", latency: (i) => (i.query.startsWith("n1") ? 1 : 3), compute: (i) => ({ answer: `model(${i.query})` }) });
    await check((log) => ({ op: new H.MapMembersGiveList(slowModel(log), pusher(log)) }), "structural", mutateList("items"));
  });

  // Fails (host node, not results): the step `a = await model({ query: q })` mentions the part `q`, so heldLiterals rejects `queries` (map with steps that "gives" it).
  it("H12c: pure only: .map with an async body of two awaits over a held list after it was given to a call", async () => {
    await pure((log) => ({ op: new H.MapTwoAwaitsPure(join(log), model(log)) }));
  });

  it("H14: console.log of the list before and after an effect pushed onto it", async () => {
    await check((log) => ({ op: new H.ConsoleAround(pusher(log)) }));
  });

  it("H15: an unknown host function changes the options between two calls", async () => {
    await check((log) => ({ op: new H.HostMutateBetween(see(log), model(log)) }), "structural", (v) => void (v as { opts: Opts }).opts.tags.push("caller"));
  });

  it("H16: a method call pushes onto the nested list after the options were given to a pure call", async () => {
    await check((log) => ({ op: new H.HostPushNested(see(log), join(log)) }), "structural", mutateList("tags"));
  });

  it("H16b: the same push, then a fan-out over the nested list (a host node)", async () => {
    await check((log) => ({ op: new H.HostPushThenMap(see(log), model(log)) }), "structural");
  });

  it("H17: pure only: a returned list of objects, one constant; the caller edits the constant one", async () => {
    const judge = (log: CallLog) =>
      new FakeOperator<{ cands: { by: string; text: string }[] }, Reply>(log, { name: "judge", compute: (i) => ({ answer: i.cands.map((c) => `${c.by}=${c.text}`).join(",") }) });
    await pure((log) => ({ op: new H.ReturnedConstElement(model(log, "a"), judge(log)) }), (v) => void ((v as { all: { text: string }[] }).all[1]!.text = "caller"));
  });

  it("H18: an effect that keeps the first list it was given and pushes onto it when called again", async () => {
    const memory = (log: CallLog) => {
      let kept: string[] | undefined;
      return new EffectfulFakeOperator<Items, Reply>(log, {
        name: "memory",
        compute: (i) => {
          kept ??= i.items;
          kept.push(`m${kept.length}`);
          return { answer: kept.join(",") };
        },
      });
    };
    await check((log) => ({ op: new H.MemoryKeeps(memory(log), join(log)) }));
  });

  it("H19: a nested structural operator gives the held list to an effect that sorts it", async () => {
    await check((log) => {
      const inner = new H.InnerRanks(ranker(log));
      return { op: new H.OuterOfRanker(inner, join(log)), nested: [inner] };
    });
  });

  it("H19b: a nested structural operator pushes onto its input by host code", async () => {
    await check((log) => {
      const inner = new H.InnerPushesHost(join(log, "innerJoin"));
      return { op: new H.OuterOfPusher(inner, join(log)), nested: [inner] };
    });
  });

  it("H19c: a nested structural operator hands its input back; the outer changes what it got", async () => {
    await check((log) => {
      const inner = new H.InnerIdentity(see(log));
      return { op: new H.OuterEditsReturned(inner, model(log)), nested: [inner] };
    });
  });

  it("H20: reads before and after an effect that pushes and sorts", async () => {
    await check((log) => ({ op: new H.ReadsAroundEffect(ranker(log), model(log)) }));
  });

  it("H21: an effect deletes a key and sets another; the options spread into a call after", async () => {
    const stripper = (log: CallLog) => new EffectfulFakeOperator<WithOpts, Reply>(log, { name: "stripper", compute: (i) => (delete i.opts.style, (i.opts.k = 99), { answer: "s" }) });
    const p = (log: CallLog) => new FakeOperator<Opts, Reply>(log, { name: "p", compute: (i) => ({ answer: `p(${Object.keys(i).join(",")}|${showOpts(i)})` }) });
    await check((log) => ({ op: new H.DeleteThenSpread(stripper(log), p(log)) }));
  });

  it("H22: an effect replaces the nested list; the list given to a call after", async () => {
    const replacer = (log: CallLog) => new EffectfulFakeOperator<WithOpts, Reply>(log, { name: "replacer", compute: (i) => ((i.opts.tags = ["new", ...i.opts.tags]), { answer: "r" }) });
    await check((log) => ({ op: new H.ReplaceNested(replacer(log), join(log)) }), "structural", mutateList("tags"));
  });

  it("H23: pure only: a list of objects fanned out before and after it was judged, returned", async () => {
    await pure((log) => ({ op: new H.PureTasksAround(worker(log), seeTasks(log, "judge")) }), (v) => void ((v as { tasks: Task[] }).tasks[0]!.tag = "caller"));
  });

  // Fails (host node, not results): a loop over a part (`opts.tags`) read after a giving is a run-time loop; only a loop over the variable itself gets g.kept.
  it("H24: pure only: options with a nested list given to two calls, a loop over the list after, returned", async () => {
    await pure((log) => ({ op: new H.PureNestedLoop(see(log), model(log)) }), (v) => void (v as { opts: Opts }).opts.tags.push("caller"));
  });

  it("H26: pure only: a grid of lists given to a call, then a nested loop over it", async () => {
    const seeGrid = (log: CallLog) => new FakeOperator<{ grid: string[][] }, Reply>(log, { name: "see", compute: (i) => ({ answer: i.grid.map((r) => r.join(",")).join(";") }) });
    await pure((log) => ({ op: new H.PureGrid(seeGrid(log), model(log)) }));
  });

  it("H27: elements given to an effect in a one-expression .map; a pure .map reads the list after", async () => {
    await check((log) => ({ op: new H.MapEffectThenPureMap(marker(log)) }), "structural", (v) => void ((v as { tasks: Task[] }).tasks[0]!.tag = "caller"));
  });

  it("H28: an element given to an effect, then a fan-out over the whole list reading the elements at run time", async () => {
    await check((log) => ({ op: new H.ElementGivenThenMap(marker(log), model(log)) }), "structural");
  });

  it("H29: an effect pushes then fails, caught; the list read after", async () => {
    const failing = (log: CallLog) =>
      new EffectfulFakeOperator<Items, Reply>(log, {
        name: "pusher",
        compute: (i) => {
          i.items.push("half");
          throw new Error(`failed after ${i.items.length}`);
        },
      });
    await check((log) => ({ op: new H.FailingPusherCaught(failing(log)) }), "structural", mutateList("items"));
  });

  it("H30: a spread copy of options (sharing its list) given to an effect that pushes; the original read after", async () => {
    await check((log) => ({ op: new H.SpreadSharesList(tagger(log)) }), "structural", mutateList("tags"));
  });

  it("H31: a branch on the list's length after an effect pushed onto it", async () => {
    await check((log) => ({ op: new H.BranchOnLength(pusher(log), model(log)) }));
  });

  it("H32: an effect keeps the list; a pure call given it; the effect called again with another list", async () => {
    const keeper = (log: CallLog) => {
      let kept: string[] | undefined;
      return new EffectfulFakeOperator<Items, Reply>(log, {
        name: "keeper",
        compute: (i) => {
          kept ??= i.items;
          if (kept !== i.items) kept.push(...i.items);
          return { answer: kept.join(",") };
        },
      });
    };
    await check((log) => ({ op: new H.PushAfterEffectKept(keeper(log), join(log)) }), "structural", mutateList("items"));
  });

  it("H33: a held list given to an effect inside a wrapper object, then fanned out (traced)", async () => {
    const wrapEff = (log: CallLog) =>
      new EffectfulFakeOperator<{ wrap: { list: string[]; k: number } }, Reply>(log, { name: "wrap", compute: (i) => (i.wrap.list.push(`w${i.wrap.k}`), { answer: "w" }) });
    await check((log) => ({ op: new H.WrappedInCall(wrapEff(log), model(log)) }), "traced", mutateList("items"));
  });
});

describe("held literals: fields of parts an effect was given", () => {
  const rewriter = (log: CallLog) => new EffectfulFakeOperator<WithTask, Reply>(log, { name: "rewriter", compute: (i) => ((i.task.q = `rw:${i.task.q}`), (i.task.tag = "rw"), { answer: "ok" }) });

  it("H34: an effect rewrites an element's field; a fan-out reads the field after", async () => {
    await check((log) => ({ op: new H.ElementFieldReadAfter(rewriter(log), model(log)) }));
  });

  it("H34b: the same with a sequential for…of", async () => {
    await check((log) => ({ op: new H.ElementFieldLoopAfter(rewriter(log), model(log)) }), "traced");
  });

  it("H34c: a nested object given to an effect; its field read after", async () => {
    await check((log) => ({ op: new H.NestedObjectFieldAfter(rewriter(log), model(log)) }));
  });
});

describe("held literals: lists nested in a held list", () => {
  it("H35: a row given to an effect that pushes; nested loops over the grid after", async () => {
    await check((log) => ({ op: new H.GridRowPushedLoop(pusher(log), model(log)) }), "structural");
  });

  it("H35b: a row given to an effect that pushes; a fan-out over that row after (traced)", async () => {
    await check((log) => ({ op: new H.GridRowPushedMap(pusher(log), model(log)) }), "traced");
  });

  it("H35c: a row given to an effect that pushes; a fan-out over the grid reading each row", async () => {
    await check((log) => ({ op: new H.GridRowPushedRows(pusher(log), model(log)) }), "traced");
  });
});

describe("held literals: written by forward after a giving", () => {
  // Fails (host node, not results): as H24, a `.map` over `opts.tags` after a giving.

  it("H37: a field written after an effect changed the options", async () => {
    await check((log) => ({ op: new H.WriteFieldAfterEffect(tagger(log), model(log)) }), "structural", (v) => void (v as { opts: Opts }).opts.tags.push("caller"));
  });

  it("H37b: an element written after an effect pushed onto the list", async () => {
    await check((log) => ({ op: new H.WriteElementAfterEffect(pusher(log), join(log)) }), "structural", mutateList("items"));
  });

  it("H37c: an element's field written after an effect reordered the list", async () => {
    await check((log) => ({ op: new H.WriteElementFieldAfterEffect(reorder(log), seeTasks(log)) }));
  });

  it("H37d: a field written after a pure giving, then an effect", async () => {
    await check((log) => ({ op: new H.WriteFieldBeforeEffect(see(log), tagger(log)) }));
  });

  it("H37e: the nested list replaced after an effect, then given to a call and an effect again", async () => {
    await check((log) => ({ op: new H.ReplaceListAfterEffect(tagger(log), join(log)) }), "structural", (v) => void (v as { opts: Opts }).opts.tags.push("caller"));
  });
});

describe("held literals: ordinary pure loops", () => {
  // Fails (host node, not results): the body gives the string `q` to a call, counted as giving `queries` away (heldLiterals for-of rule).
  it("H38: pure only: a for…of over a held list of strings after it was given to a call, each element given to a call", async () => {
    await pure((log) => ({ op: new H.PureLoopGivesElement(join(log), model(log)) }));
  });
});

describe("held literals: reads in callbacks and host code", () => {
  const unshifter = (log: CallLog) =>
    new EffectfulFakeOperator<Items, Reply>(log, { name: "unshifter", latency: 2, compute: (i) => (i.items.unshift(`u${i.items.length}`), { answer: i.items.join(",") }) });

  it("H40: pure and operator .maps over members reading the list after an effect", async () => {
    await check((log) => ({ op: new H.MembersReadAfterEffect(unshifter(log), model(log)) }));
  });

  it("H41: host code keeps a part of the literal before an effect changes it", async () => {
    await check((log) => ({ op: new H.HostKeepsPart(tagger(log), model(log)) }));
  });

  it("H42: a literal declared each round, given to an effect in one round, looped over each round (traced: an effect was given it)", async () => {
    await check((log) => ({ op: new H.LiteralPerRound(pusher(log), join(log), model(log)) }), "traced");
  });
});

describe("held literals: changed by forward's own code", () => {
  it("H43: Object.assign into the options after a pure giving", async () => {
    await check((log) => ({ op: new H.AssignIntoOptions(see(log), model(log)) }), "structural", (v) => void (v as { opts: Opts }).opts.tags.push("caller"));
  });

  it("H43b: console.log of items.reverse() after a pure giving, then a loop over the list", async () => {
    await check((log) => ({ op: new H.ConsoleReverse(join(log), model(log)) }), "structural");
  });

  it("H43c: length = 0 after a pure giving, then given again", async () => {
    await check((log) => ({ op: new H.TruncateAfterGiven(join(log)) }));
  });

  it("H43d: two elements swapped by a destructuring assignment after a pure giving", async () => {
    await check((log) => ({ op: new H.SwapAfterGiven(join(log)) }), "structural", mutateList("items"));
  });

  it("H44: a one-expression helper of the file pushes onto the nested list after a pure giving", async () => {
    await check((log) => ({ op: new H.HelperPushes(see(log), join(log)) }), "structural", mutateList("tags"));
  });

  it("H44b: the helper pushes before the giving; a loop over the list after (host code reads it: one object of the run)", async () => {
    await check((log) => ({ op: new H.HelperPushesThenLoop(see(log), model(log)) }), "structural");
  });

  it("H44c: a one-expression helper sorts the held list after a pure giving; a fan-out after (host code reads it: one object of the run)", async () => {
    await check((log) => ({ op: new H.HelperSorts(join(log), model(log)) }), "structural");
  });
});

describe("held literals: what else holds them", () => {
  it("H45: a context holding inputs given to an effect that rewrites the query; inputs read after", async () => {
    const ctxEff = (log: CallLog) =>
      new EffectfulFakeOperator<{ ctx: { req: Ask; n: number } }, Reply>(log, { name: "ctx", compute: (i) => ((i.ctx.req.query = `rw:${i.ctx.req.query}`), { answer: "c" }) });
    // Each side is given its own input object (the effect changes it): a getter makes one per read.
    const freshRuns = runs.map((r) => ({ get input() { return { ...r.input }; }, options: r.options }));
    await check((log) => ({ op: new H.ContextHoldsInputs(ctxEff(log), model(log)) }), "structural", undefined, freshRuns);
  });

  it("H46: an effect hands back its input; host code pushes onto it; the list read after", async () => {
    const echo = (log: CallLog) => new EffectfulFakeOperator<Items, string[]>(log, { name: "echo", compute: (i) => i.items });
    await check((log) => ({ op: new H.EchoThenPush(echo(log), join(log)) }));
  });

  it("H47: a local bag's nested list pushed by host code, then looped over", async () => {
    await check((log) => ({ op: new H.BagPushedThenLooped(model(log)) }));
  });

  it("H47b: a local bag's nested list pushed by host code, then read by index and length", async () => {
    await check((log) => ({ op: new H.BagPushedThenRead(model(log)) }));
  });

  it("H48: each round a fan-out over the held list, then the list given to an effect that pushes (traced)", async () => {
    await check((log) => ({ op: new H.FanOutThenPushEachRound(pusher(log), model(log)) }), "traced");
  });
});

describe("held literals: elements holding graph values", () => {
  const rewriter = (log: CallLog) => new EffectfulFakeOperator<WithTask, Reply>(log, { name: "rewriter", compute: (i) => ((i.task.q = `rw:${i.task.q}`), (i.task.tag = "rw"), { answer: "ok" }) });

  it("H49: one element given to an effect that rewrites it; a fan-out reads the field after (traced)", async () => {
    await check((log) => ({ op: new H.GraphElementsFieldAfter(rewriter(log), model(log)) }), "traced");
  });

  it("H49b: the same with a for…of (traced)", async () => {
    await check((log) => ({ op: new H.GraphElementsLoopAfter(rewriter(log), model(log)) }), "traced");
  });

  it("H49c: a nested record given to an effect; its field read after", async () => {
    await check((log) => ({ op: new H.NestedRecordAfter(rewriter(log), model(log)) }));
  });
});

describe("held literals: a push onto an array inside a local's literal", () => {
  const reader = (log: CallLog) => new FakeOperator<Ctx, Reply>(log, { name: "reader", compute: (i) => ({ answer: `read(${i.label}:${i.ctx.docs.join("+")})` }) });

  it("H60: after an effect that changes the array was given the literal, a later call sees its change and the push", async () => {
    const docTagger = (log: CallLog) => new EffectfulFakeOperator<Ctx, Reply>(log, { name: "tagger", latency: 2, compute: (i) => (i.ctx.docs.push("tagged"), { answer: "tagged" }) });
    await check((log) => ({ op: new H.NestedPushAfterEffect(docTagger(log), model(log), reader(log)) }), "structural", (v) => void (v as { docs: string[] }).docs.push("caller"));
  });

  it("H61: pure only: built with no host node; the caller's push onto the result is not seen by the next run", async () => {
    await pure((log) => ({ op: new H.NestedPushPure(model(log), reader(log)) }), (v) => void (v as { docs: string[] }).docs.push("caller"));
  });
});

describe("held literals: an effect and a read of what it is given in one moment", () => {
  // Eager reads the list when the moment starts both calls, before the sorting effect got anywhere;
  // under a bound the reader takes its slot first (`plan.slotRank`), and `sequential` runs it first.
  it("H13: an effect that sorts and a pure call given the same list in one Promise.all", async () => {
    await check((log) => ({ op: new H.SortBesideJoin(ranker(log), join(log)) }), "structural", mutateList("items"));
  });

  it("H13b: an element read in the same Promise.all, after the sorting effect was started", async () => {
    await check((log) => ({ op: new H.SortBesideIndexRead(ranker(log), model(log)) }));
  });
});
