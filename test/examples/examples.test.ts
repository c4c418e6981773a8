// The examples' pipelines, compiled by the transformer as `npm run examples` compiles them:
// breaks only where the example says, and compiled runs that equal eager `forward`, with the
// independent calls in flight together (counted, not timed).
import { join } from "node:path";
import * as ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { SimulatedModel, explain, models, type Model, type ModelCallOptions, type ModelRequest } from "xcs-jit";
import { analyzeSourceFile } from "../../transformer/index.js";
import { compileWithTransformer } from "../guide/compile-with-transformer.js";
import { repoRoot } from "../guide/guide-blocks.js";
import { packageProgram } from "../guide/snippet-program.js";

const examplesDir = join(repoRoot, "examples");
const outDir = join(repoRoot, "test/.tmp/examples");
const sources = ["retrieval-fan-out/pipeline.ts", "retrieval-fan-out/corpus.ts", "retrieval-fan-out/search-index.ts", "self-consistency/pipeline.ts", "verify-and-revise/pipeline.ts"].map((f) => join(examplesDir, f));
const program = packageProgram(sources);
const compiled = (file: string) => import(join(outDir, file));

/** A simulated model that counts its calls in flight. */
class CountingModel implements Model {
  readonly id = "test:examples";
  private readonly inner = new SimulatedModel({ id: this.id, latency: { fixedMs: 2 } });
  inFlight = 0;
  peak = 0;
  async generate(request: ModelRequest, options?: ModelCallOptions) {
    this.peak = Math.max(this.peak, ++this.inFlight);
    try {
      return await this.inner.generate(request, options);
    } finally {
      this.inFlight--;
    }
  }
}
const model = new CountingModel();
models.register(model, { retry: false });

beforeAll(() => compileWithTransformer(program, { files: sources, rootDir: examplesDir, outDir }), 60_000);

function analysesOf(file: string) {
  const sourceFile = program.getSourceFile(join(examplesDir, file))!;
  return analyzeSourceFile(sourceFile, { ts, checker: program.getTypeChecker(), options: {}, currentDirectory: repoRoot }).map((a) => [
    a.className,
    a.outcome,
    a.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`),
  ]);
}

describe("examples, compiled", () => {
  it("compile with the breaks their comments describe, and no others", () => {
    expect(analysesOf("retrieval-fan-out/pipeline.ts")).toEqual([
      ["ReadSource", "compiled", []],
      ["RetrievalFanOut", "compiled", []],
    ]);
    expect(analysesOf("self-consistency/pipeline.ts")).toEqual([["SelfConsistency", "compiled", []]]);
    expect(analysesOf("verify-and-revise/pipeline.ts")).toEqual([["VerifyAndRevise", "compiled", ["XCS1003 40:5"]]]);
  });

  it("retrieval fan-out: the three sources are read side by side; result equals eager forward", async () => {
    const { RetrievalFanOut } = await compiled("retrieval-fan-out/pipeline.js");
    const op = new RetrievalFanOut(model.id, 1);
    const inputs = { query: "Why is the sky blue?" };
    model.peak = 0;
    const result = await op.invoke(inputs, { scheduler: "parallel" });
    expect(explain(op).mode).toBe("structural");
    expect(model.peak).toBe(3);
    expect(result.sources).toEqual(["encyclopedia", "textbook", "forum"]);
    expect(result).toEqual(await op.forward(inputs));
  });

  it("self-consistency: every sample is in flight at once; the vote equals eager forward's", async () => {
    const { SelfConsistency } = await compiled("self-consistency/pipeline.js");
    const op = new SelfConsistency(model.id, 9);
    const inputs = { query: "What colour is the sky on Mars?" };
    model.peak = 0;
    const result = await op.invoke(inputs, { scheduler: "parallel" });
    expect(explain(op).mode).toBe("structural");
    expect(model.peak).toBe(9);
    expect(result.samples).toBe(9);
    expect(result).toEqual(await op.forward(inputs));
  });

  it("verify-and-revise: drafts in parallel, the loop one host node; explain names its location", async () => {
    const { VerifyAndRevise } = await compiled("verify-and-revise/pipeline.js");
    const op = new VerifyAndRevise(model.id, 3);
    const inputs = { query: "Which planet has the shortest day?" };
    model.peak = 0;
    const result = await op.invoke(inputs, { scheduler: "parallel" });
    const explained = explain(op);
    expect(explained.mode).toBe("structural");
    expect(explained.graph!.nodes.filter((n) => n.kind === "host")).toHaveLength(1);
    expect(explained.diagnostics[0]).toMatch(/verify-and-revise\/pipeline\.ts:40:5 XCS1003 /);
    expect(model.peak).toBe(3);
    expect(result.rounds).toBeGreaterThanOrEqual(1);
    expect(result).toEqual(await op.forward(inputs));
  });
});
