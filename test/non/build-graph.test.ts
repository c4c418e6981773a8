import { describe, expect, it } from "vitest";
import { GraphSpecError, MostCommon, Operator, buildGraph, explain, standardCodes, type BuildGraphOptions, type CompactSpec, type ModelRequest, type StageInput, type StageOutput } from "xcs-jit";
import { expectSameAsEager } from "../support/index.js";
import { simulatedWorld } from "../models/support.js";

const LATENCY = 10;

/** Builds the spec in a fresh simulated world; runs it eagerly and compiled, asserting they agree. */
async function run(spec: CompactSpec, options: Omit<BuildGraphOptions, "registry"> = {}, inputs: { query: string; answers?: string[] } = { query: "Why is the sky blue?" }) {
  const make = () => {
    const world = simulatedWorld({ latency: LATENCY });
    return { op: buildGraph(spec, { ...options, registry: world.registry }), log: world.log };
  };
  const { compiled } = await expectSameAsEager(make, inputs);
  const requests = compiled.log.records.map((r) => r.inputs as ModelRequest);
  return { ...compiled, requests, models: compiled.log.records.map((r) => r.name) };
}

describe("buildGraph: the compact notation", () => {
  it('builds the original example: ["101:E:gpt-4o:0.7", "1:J:claude-3-5-sonnet:0.0"]', async () => {
    const out = await run(["101:E:gpt-4o:0.7", "1:J:claude-3-5-sonnet:0.0"]);
    expect(out.models).toEqual([...Array(101).fill("simulated:gpt-4o"), "simulated:claude-3-5-sonnet"]);
    expect(out.peak).toBe(101);
    expect(out.makespan).toBe(2 * LATENCY);
    expect(out.requests.slice(0, 101).every((r) => r.temperature === 0.7)).toBe(true);
    expect(out.requests[101]!.temperature).toBe(0);
    const value = out.value as { answer: string; answers: string[] };
    expect(value.answers).toEqual([value.answer]);
    expect(explain(buildGraph(["1:E:gpt-4o"])).mode).toBe("structural");
  });

  it("gives every model unit of the graph its own sampling seed", async () => {
    const out = await run(["4:E:gpt-4o:0.7", "2:J:gpt-4o:0.5", "1:J:gpt-4o:0"], { seed: 100 });
    expect(out.requests.map((r) => r.seed)).toEqual([100, 101, 102, 103, 104, 105, 106]);
  });

  it("runs a list of branches in parallel and concatenates their answers in branch order", async () => {
    const out = await run([["3:E:gpt-4o:0.7", "2:E:claude-3-5-sonnet:0.5"], "1:J:gpt-4o:0"]);
    expect(out.peak).toBe(5);
    expect(out.makespan).toBe(2 * LATENCY);
    const units = out.log.records.slice(0, 5);
    const judgePrompt = out.requests[5]!.prompt;
    const listed = units.map((u, i) => `${i + 1}. ${u.result as string}`).join("\n");
    expect(judgePrompt).toContain(listed);
    expect(units.map((u) => u.name)).toEqual([...Array(3).fill("simulated:gpt-4o"), ...Array(2).fill("simulated:claude-3-5-sonnet")]);
  });

  it("expands $name references, nested ones included, each use a fresh sub-graph", async () => {
    const named = { branch: ["3:E:gpt-4o:0.9", "1:J:gpt-4o:0"], tree: [["$branch", "$branch", "$branch"], "1:J:claude-3-5-sonnet:0"] };
    const out = await run(["$tree"], { named });
    expect(out.log.records).toHaveLength(3 * 4 + 1);
    expect(out.peak).toBe(9);
    expect(out.makespan).toBe(3 * LATENCY);
    expect(new Set(out.requests.map((r) => r.seed)).size).toBe(13);
  });

  it("MC votes over the answers before it", async () => {
    const out = await run(["9:E:gpt-4o:1.0", "1:MC"]);
    const answers = out.log.records.map((r) => r.result as string);
    const expected = (await new MostCommon().invoke({ candidates: answers })).answer;
    expect(out.value).toEqual({ answer: expected, answers: [expected] });
    expect(new Set(answers).size).toBeGreaterThan(1); // the vote had something to decide
  });

  it("S selects one of the candidates; V revises the single answer before it", async () => {
    const selected = await run(["4:E:gpt-4o:1.0", "1:S:gpt-4o:0"]);
    const candidates = selected.log.records.slice(0, 4).map((r) => r.result);
    expect(candidates).toContain((selected.value as { answer: string }).answer);

    const verified = await run(["3:E:gpt-4o:0.7", "1:J:gpt-4o:0", "2:V:gpt-4o:0"]);
    expect(verified.requests.slice(4).every((r) => r.prompt.includes("Candidate answer: "))).toBe(true);
    expect((verified.value as { answers: string[] }).answers).toHaveLength(2);
  });

  it("a spec that starts with a judge reads the answers it is given", async () => {
    const out = await run(["1:J:gpt-4o:0"], { inputAnswers: true }, { query: "q", answers: ["x", "y"] });
    expect(out.requests[0]!.prompt).toContain("1. x\n2. y");
  });

  describe("custom codes", () => {
    class Shout extends Operator<StageInput, StageOutput> {
      constructor(readonly times: number) {
        super();
      }
      forward(inputs: StageInput): StageOutput {
        return { answers: inputs.answers.map((a) => a.toUpperCase() + "!".repeat(this.times)) };
      }
    }

    it("registered codes build stages from the entry's fields", async () => {
      const codes = standardCodes().register("SH", ({ count }) => new Shout(count), { model: "none" });
      const out = await run(["2:E:gpt-4o:0.5", "3:SH"], { codes });
      const answers = out.log.records.map((r) => (r.result as string).toUpperCase() + "!!!");
      expect(out.value).toEqual({ answer: answers[0], answers });
    });

    it("a verifier after a custom stage of unknown width checks the count when it runs, compiled as eager", async () => {
      const codes = standardCodes().register("SH", () => new Shout(1));
      const out = await run(["2:E:gpt-4o:0.5", "1:SH", "1:V:gpt-4o:0"], { codes });
      expect(out.ok).toBe(false);
      expect(out.error).toBeInstanceOf(RangeError);
      expect((out.error as Error).message).toBe("a verifier stage checks exactly one answer, but the stage before it gave 2");
      expect(out.log.records).toHaveLength(2); // the verifier never ran
    });

    it("a declared width lets the spec be checked before it runs; codes cannot be registered twice", () => {
      const codes = standardCodes().register("SH", () => new Shout(1), { width: (count) => count + 1 });
      expect(() => buildGraph(["1:E:gpt-4o", "1:SH", "1:V:gpt-4o:0"], { codes })).toThrow(
        'buildGraph: bad entry "1:V:gpt-4o:0" at [2]: code V checks exactly one answer, but the entry before it gives 2',
      );
      expect(() => codes.register("SH", () => new Shout(1))).toThrow('operator code "SH" is already registered');
      expect(() => codes.register("9x", () => new Shout(1))).toThrow('operator code "9x": use letters, digits and _');
    });
  });
});

describe("buildGraph: malformed specs name the bad entry", () => {
  const cases: [string, unknown, BuildGraphOptions, string][] = [
    ["a count that is not a number", ["x:E:gpt-4o:0.7"], {}, 'bad entry "x:E:gpt-4o:0.7" at [0]: count "x" is not a positive integer'],
    ["a zero count", ["1:E:gpt-4o", "0:J:gpt-4o:0"], {}, 'bad entry "0:J:gpt-4o:0" at [1]: count "0" is not a positive integer'],
    ["an unknown code", ["3:Q:gpt-4o:0.7"], {}, 'bad entry "3:Q:gpt-4o:0.7" at [0]: unknown operator code "Q" (known: E, J, S, V, MC)'],
    ["a missing model", ["3:E"], {}, 'bad entry "3:E" at [0]: code E needs a model, as in "3:E:gpt-4o:0.7"'],
    ["a temperature that is not a number", ["3:E:gpt-4o:hot"], {}, 'bad entry "3:E:gpt-4o:hot" at [0]: temperature "hot" is not a number in [0, 2]'],
    ["a temperature out of range", ["3:E:gpt-4o:2.5"], {}, 'bad entry "3:E:gpt-4o:2.5" at [0]: temperature "2.5" is not a number in [0, 2]'],
    ["too few fields", ["3"], {}, 'bad entry "3" at [0]: expected "count:code:model:temperature", e.g. "3:E:gpt-4o:0.7"'],
    ["an empty model", ["3:E::0.5"], {}, 'bad entry "3:E::0.5" at [0]: the model name is empty'],
    ["a model for MC", ["3:E:gpt-4o", "1:MC:gpt-4o"], {}, 'bad entry "1:MC:gpt-4o" at [1]: code MC takes no model or temperature, write "1:MC"'],
    ["a count above MC's", ["3:E:gpt-4o", "2:MC"], {}, 'bad entry "2:MC" at [1]: code MC takes a count of at most 1'],
    ["a verifier after many answers", ["3:E:gpt-4o:0.7", "1:V:gpt-4o:0"], {}, 'bad entry "1:V:gpt-4o:0" at [1]: code V checks exactly one answer, but the entry before it gives 3'],
    ["an entry that is not a string", ["3:E:gpt-4o", 42], {}, 'bad entry 42 at [1]: expected "count:code:model:temperature", a "$name" or a list of parallel branches'],
    ["an unknown reference", ["$judge"], { named: { vote: ["1:MC"] } }, 'bad entry "$judge" at [0]: no spec is named "judge" (named specs: vote)'],
    ["an empty spec", [], {}, "bad entry [] at (root): a spec is a non-empty list of entries"],
    ["an empty branch list", [[]], {}, "bad entry [] at [0]: a list of parallel branches must not be empty"],
    ["a nested branch list", [[["1:E:gpt-4o"]]], {}, 'bad entry ["1:E:gpt-4o"] at [0][0]: a branch is one entry or a "$name"; to branch on a sequence, name it'],
    ["a bad entry in a branch", [["1:E:gpt-4o", "1:E:gpt-4o:9"]], {}, 'bad entry "1:E:gpt-4o:9" at [0][1]: temperature "9" is not a number in [0, 2]'],
    ["a bad entry inside a named spec", ["$sub"], { named: { sub: ["1:E:gpt-4o", "1:Q"] } }, 'bad entry "1:Q" at $sub[1]: unknown operator code "Q"'],
    ["a named spec that is not a list", ["$sub"], { named: { sub: "1:E:gpt-4o" as never } }, 'bad entry "1:E:gpt-4o" at $sub: a spec is a non-empty list of entries'],
    ["a judge with no candidates", ["1:J:gpt-4o:0"], {}, 'bad entry "1:J:gpt-4o:0" at [0]: code J reads the answers of the entry before it, and no entry comes before it'],
    ["a judge first in a named spec used first", ["$j"], { named: { j: ["1:MC"] } }, 'bad entry "1:MC" at $j[0]: code MC reads the answers of the entry before it'],
    ["a verifier first in a branch", [["1:E:gpt-4o", "1:V:gpt-4o:0"]], {}, 'bad entry "1:V:gpt-4o:0" at [0][1]: code V reads the answers'],
    ["a model name with a space", ["3:E:gpt 4o:0.7"], {}, 'bad entry "3:E:gpt 4o:0.7" at [0]: ModelUnit: model name "gpt 4o" has a space'],
    ["a cycle of references", ["$a"], { named: { a: ["1:E:gpt-4o", "$b"], b: ["$a"] } }, 'bad entry "$a" at $b[0]: refers to itself: $a → $b → $a'],
  ];

  it.each(cases)("%s", (_, spec, options, message) => {
    let error: unknown;
    try {
      buildGraph(spec as CompactSpec, options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GraphSpecError);
    expect((error as Error).message).toContain(`buildGraph: ${message}`);
  });

  it("an operator's own setting errors are reported against the entry", () => {
    const codes = standardCodes().register("BAD", () => {
      throw new RangeError("BAD: needs a rubric");
    });
    expect(() => buildGraph(["1:BAD"], { codes })).toThrow('buildGraph: bad entry "1:BAD" at [0]: BAD: needs a rubric');
  });
});
