// The guide's snippets do what the guide says, run as compiled by the transformer (and, for the
// strict snippet, also as never compiled).
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputValidationError, StrictStructuralJitError, explain } from "xcs-jit";
import { compileWithTransformer } from "./compile-with-transformer.js";
import { repoRoot } from "./guide-blocks.js";
import { snippetFiles, snippetProgram, snippetsDir } from "./snippet-program.js";

const compiledDir = join(repoRoot, "test/.tmp/guide");
const compiled = (file: string) => import(join(compiledDir, file));

beforeAll(() => compileWithTransformer(snippetProgram(), { files: snippetFiles, rootDir: snippetsDir, outDir: compiledDir }), 60_000);

describe("guide snippets, compiled", () => {
  it("first-operator: invoke validates and runs forward; bad input names the operator and field", async () => {
    const { Summarize, summarizeOnce } = await compiled("first-operator.js");
    expect(await summarizeOnce()).toBe("the quick brown");
    const error = await new Summarize().invoke({ text: "x", maxWords: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(String((error as Error).message)).toMatch(/Summarize/);
    expect((error as InputValidationError).fields).toContain("maxWords");
  });

  it("pipeline: runs as a graph with the five drafts side by side, same result as eager forward", async () => {
    const { AskThenJudge } = await compiled("pipeline.js");
    const op = new AskThenJudge();
    const inputs = { query: "Why is the sky blue?" };
    const result = await op.invoke(inputs);
    const explained = explain(op);
    expect(explained.mode).toBe("structural");
    const calls = explained.graph!.nodes.filter((n) => n.kind === "call").map((n) => n.id);
    expect(calls).toEqual(["drafters.0", "drafters.1", "drafters.2", "drafters.3", "drafters.4", "judge"]);
    expect(result).toEqual(await op.forward(inputs, { signal: new AbortController().signal }));
  });

  it("options: the scoped and the sequential run agree (options change scheduling, never results)", async () => {
    const { brainstormWithOptions } = await compiled("options.js");
    const { scoped, inOrder } = await brainstormWithOptions("names for a cat");
    expect(scoped.ideas).toHaveLength(8);
    expect(scoped).toEqual(inOrder);
  });

  it("graph-break: explain reports the host node and the diagnostic with its location", async () => {
    const { explainCheckedAnswer } = await compiled("graph-break.js");
    const { mode, diagnostics, hostNodes } = await explainCheckedAnswer();
    expect(mode).toBe("structural");
    expect(hostNodes).toBe(1);
    expect(diagnostics[0]).toMatch(/graph-break\.ts:15:9 XCS1001 /);
  });

  it("resilience: the ensemble answers with the units that got through and lists the ones that did not", async () => {
    const { tolerantRun } = await compiled("resilience.js");
    const run = await tolerantRun();
    // The simulated 429s are a deterministic function of the request: two units fail twice.
    expect(run.failed.map((f: { unit: number }) => f.unit)).toEqual([0, 3]);
    expect(run.failed[0].message).toBe("simulated:gpt-4o-mini: rate limited (429), retry after 5 ms");
    expect(run.answers).toHaveLength(6);
    expect(run.paid).toBe(6);
  });

  it("streaming: each unit's end, then the judge's text piece by piece, and the result invoke gives", async () => {
    const { graph, streamed } = await compiled("streaming.js");
    const pieces: string[] = [];
    const result = await streamed((text: string) => pieces.push(text));
    expect(pieces.slice(0, 3).sort()).toEqual(["unit done: E0/units.0\n", "unit done: E0/units.1\n", "unit done: E0/units.2\n"]);
    expect(pieces.length).toBeGreaterThan(4); // the judge's reply came in several pieces
    expect(pieces.slice(3).join("")).toContain(`Final Answer: ${result.answer}`);
    expect(result).toEqual(await graph.invoke({ query: "Why is the sky blue?" }));
  });

  it("structured: a chat request answered with a validated object", async () => {
    const { Review, reviewInChat } = await compiled("structured.js");
    const review = await reviewInChat();
    expect(Review.parse(review)).toEqual(review);
    expect(await reviewInChat()).toEqual(review); // deterministic
  });

  it("usage: meterUsage counts every request and the retries after injected 429s", async () => {
    const { meteredRun } = await compiled("usage.js");
    const report = await meteredRun();
    expect(report.answers).toHaveLength(8);
    expect(report.requests).toBe(8);
    expect(report.inputTokens).toBeGreaterThan(0);
    expect(report.outputTokens).toBeGreaterThan(0);
    // The failures are a deterministic function of the request: these eight draw some 429s.
    expect(report.retries).toBeGreaterThan(0);
  });

  it("strict: the compiled class runs structurally; the same class never compiled refuses to run", async () => {
    const compiledVote = new (await compiled("strict.js")).Vote();
    await compiledVote.invoke({ query: "Pick a colour." });
    expect(explain(compiledVote).mode).toBe("structural");
    const { Vote } = await import("./snippets/strict.js");
    await expect(new Vote().invoke({ query: "Pick a colour." })).rejects.toBeInstanceOf(StrictStructuralJitError);
  });

  it("tracing: a @jit class returns what forward returns and explains itself as traced", async () => {
    const { Compare } = await compiled("tracing.js");
    const op = new Compare();
    const inputs = { a: "first question", b: "second question" };
    const first = await op.invoke(inputs);
    const second = await op.invoke(inputs);
    expect(second).toEqual(first);
    expect(first).toEqual(await op.forward(inputs));
    expect(explain(op).mode).toBe("traced");
  });
});
