// Pipelines of pipelines-escape.ts against eager `forward`: several inputs, first and later runs,
// `sequential` and `maxConcurrency: 1` runs; results, errors, effects, console lines, leaf calls.
import { explain, type InvokeOptions } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { compareWithEager, FakeOperator as Fake, type RunSpec } from "../../support/index.js";
import type { Ask, Reply } from "./group-members.js";
import {
  ClonedTemplate,
  CountingCaller,
  HostMembers,
  JudgedEnsemble,
  MakesReport,
  ParsedRubric,
  pipeline,
  PushedReport,
  RetrievalFanOut,
  SelfRefine,
  SpreadOptions,
  Verified,
} from "./pipelines-escape.js";


const runsOf = (queries: string[]): RunSpec<Ask>[] => {
  const options: (InvokeOptions | undefined)[] = [undefined, undefined, { scheduler: "sequential" }, { maxConcurrency: 1 }, undefined];
  return queries.map((query, i) => ({ input: { query }, options: options[i % options.length] }));
};

const QUERIES = ["q", "r", "s", "t", "u"];

async function check(make: ReturnType<typeof pipeline>, queries = QUERIES, mode: string = "structural") {
  expect(explain(make(false)().op).mode).toBe(mode);
  const result = await compareWithEager(make(true), runsOf(queries), { makeCompiled: make(false), console: true });
  expect(result.differences).toEqual([]);
  return result;
}

describe("compound pipelines against eager forward", () => {
  it("judged ensemble: a helper's rubric the judge and the caller change", async () => {
    const make = pipeline(
      ({ log, leaf }) => {
        const judge = new Fake<any, Reply>(log, {
          name: "judge",
          compute: (i) => {
            i.rubric.criteria.push("judged");
            return { answer: `judge(${i.candidates.join(",")})` };
          },
        });
        return { op: new JudgedEnsemble(leaf("a"), leaf("b", 2), leaf("c"), judge) };
      },
      (v) => {
        const out = v as { rubric: { criteria: string[]; scale: { max: number } }; votes: string[] };
        out.rubric.criteria.push("caller");
        out.rubric.scale.max = 99;
        out.votes.length = 0;
      },
    );
    await check(make);
  });

  it("JSON.parse of a module string: the part that leaves, changed by the caller", async () => {
    const make = pipeline(
      ({ leaf }) => ({ op: new ParsedRubric(leaf("judge")) }),
      (v) => void (v as { criteria: string[] }).criteria.push("caller"),
    );
    await check(make);
  });

  it("spreads of a module constant, changed by the caller", async () => {
    const make = pipeline(
      ({ leaf }) => ({ op: new SpreadOptions(leaf("gen")) }),
      (v) => {
        const out = v as { options: { temperature: number }; stops: string[] };
        out.options.temperature = 9;
        out.stops.push("caller");
      },
    );
    await check(make);
  });

  it("a helper's report filled by pushes around calls, changed by the caller", async () => {
    const make = pipeline(
      ({ leaf }) => ({ op: new PushedReport(leaf("draft"), leaf("verify")) }),
      (v) => {
        const out = v as { notes: string[]; score: number };
        out.notes.push("caller");
        out.score = 7;
      },
    );
    await check(make);
  });

  it("structuredClone of a template a sub-operator fills in", async () => {
    const make = pipeline(
      ({ log }) => {
        const fill = new Fake<any, Reply>(log, {
          name: "fill",
          compute: (i) => {
            i.doc.sections.push(`body ${i.query}`);
            return { answer: "filled" };
          },
        });
        return { op: new ClonedTemplate(fill) };
      },
      (v) => void ((v as { meta: { draft: boolean } }).meta.draft = false),
    );
    await check(make);
  });

  it("retrieval fan-out over Object.entries with async callbacks that log and audit", async () => {
    const make = pipeline(
      ({ leaf, audit }) => ({ op: new RetrievalFanOut(leaf("search", 2), leaf("rerank"), audit, leaf("merge")) }),
      (v) => void (v as { hits: { source: string }[] }).hits.forEach((h) => (h.source = "changed")),
    );
    await check(make);
  });

  it("retrieval fan-out where one search fails", async () => {
    const make = pipeline(({ leaf, audit }) => ({
      op: new RetrievalFanOut(leaf("search", 2, (q) => q === "w:r" || q === "k:t"), leaf("rerank"), audit, leaf("merge")),
    }));
    await check(make);
  });

  it("members awaiting async host code (a slow lookup, a cache hit) between effects", async () => {
    const make = pipeline(({ leaf, audit }) => ({ op: new HostMembers(leaf("first", 3), leaf("answer"), audit) }));
    await check(make);
  });

  it("self-refine loop with an early stop and a fallback in catch", async () => {
    const make = pipeline(({ log, leaf, audit }) => {
      const critic = new Fake<Ask, Reply>(log, {
        name: "critic",
        compute: (i) => ({ answer: i.query.includes("revise") ? "ok" : `fix ${i.query}` }),
        fail: (i) => (i.query.startsWith("draft(t)") ? new Error("critic down") : undefined),
      });
      return { op: new SelfRefine(leaf("draft"), critic, leaf("revise", 2, (q) => q.startsWith("draft(s)")), audit) };
    }, (v) => void (v as { history: string[] }).history.push("caller"));
    await check(make);
  });

  it("verifier group under try/catch, a literal default the caller changes", async () => {
    const make = pipeline(
      ({ leaf, audit }) => ({ op: new Verified(leaf("gen"), leaf("v1", 2, (q) => q === "gen(r)"), leaf("v2", 1, (q) => q === "gen(t)"), audit) }),
      (v) => void (v as { checks: string[] }).checks.push("caller"),
    );
    await check(make);
  });

  it("a traced caller of a compiled operator returning what a helper makes", async () => {
    const make = pipeline(
      ({ leaf }) => {
        const inner = new MakesReport(leaf("gen"));
        return { op: new CountingCaller(inner), nested: [inner] };
      },
      (v) => void (v as { report: { notes: string[] } }).report.notes.push("caller"),
    );
    await check(make, QUERIES, "traced");
  });
});
