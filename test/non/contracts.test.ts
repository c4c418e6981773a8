import { describe, expect, it } from "vitest";
import {
  CompactGraph,
  InputValidationError,
  JudgeSynthesis,
  MostCommon,
  ModelUnit,
  SelectorJudge,
  UniformEnsemble,
  VariedEnsemble,
  Verifier,
  buildGraph,
  type Operator,
} from "xcs-jit";
import { simulatedWorld, type World } from "../models/support.js";

/** Each operator of the library with one valid input and inputs that break its contract. */
interface Contract {
  readonly name: string;
  readonly make: (world: World) => Operator<any, any>;
  readonly valid: unknown;
  /** [input, the field the error must name, the problem it must state] */
  readonly invalid: readonly [unknown, string, string][];
}

const model = "openai:gpt-4o";
const contracts: Contract[] = [
  {
    name: "ModelUnit",
    make: ({ registry }) => new ModelUnit({ model, registry }),
    valid: { query: "Why is the sky blue?" },
    invalid: [
      [{}, "query", "required"],
      [{ query: 42 }, "query", "expected a string, got number 42"],
    ],
  },
  {
    name: "UniformEnsemble",
    make: ({ registry }) => new UniformEnsemble({ numUnits: 3, model, temperature: 0.7, registry }),
    valid: { query: "Why is the sky blue?" },
    invalid: [
      [{ question: "x" }, "query", "required"],
      [{ query: ["x"] }, "query", "expected a string, got an array"],
    ],
  },
  {
    name: "VariedEnsemble",
    make: ({ registry }) => new VariedEnsemble([{ model, registry }, { model: "anthropic:claude-3-5-sonnet", temperature: 1, registry }]),
    valid: { query: "Why is the sky blue?" },
    invalid: [[null, "(root)", "expected an object, got null"]],
  },
  {
    name: "JudgeSynthesis",
    make: ({ registry }) => new JudgeSynthesis({ model, registry }),
    valid: { query: "q", candidates: ["a", "b"] },
    invalid: [
      [{ query: "q", candidates: [] }, "candidates", "expected at least 1 item(s), got 0"],
      [{ query: "q", candidates: ["a", 2] }, "candidates[1]", "expected a string, got number 2"],
      [{ candidates: ["a"] }, "query", "required"],
    ],
  },
  {
    name: "SelectorJudge",
    make: ({ registry }) => new SelectorJudge({ model, registry }),
    valid: { query: "q", candidates: ["a", "b", "c"] },
    invalid: [[{ query: "q", candidates: "a" }, "candidates", 'expected an array, got "a"']],
  },
  {
    name: "Verifier",
    make: ({ registry }) => new Verifier({ model, registry }),
    valid: { query: "q", answer: "a" },
    invalid: [[{ query: "q", answer: undefined }, "answer", "required"]],
  },
  {
    name: "MostCommon",
    make: () => new MostCommon(),
    valid: { candidates: ["a", "b", "a"] },
    invalid: [[{ candidates: [] }, "candidates", "expected at least 1 item(s), got 0"]],
  },
  {
    name: "CompactGraph",
    make: ({ registry }) => buildGraph(["3:E:gpt-4o:0.7", "1:J:gpt-4o:0"], { registry }),
    valid: { query: "q" },
    invalid: [[{ query: "q", answers: [1] }, "answers[0]", "expected a string, got number 1"]],
  },
];

describe.each(contracts)("$name's typed contract", ({ name, make, valid, invalid }) => {
  it("a valid input gives an output its spec accepts", async () => {
    const world = simulatedWorld();
    const op = make(world);
    const output = await world.clock.run(op.invoke(valid));
    const spec = (op.constructor as unknown as { spec: { output: { "~standard": { validate(v: unknown): { issues?: unknown } } } } }).spec;
    expect(spec.output["~standard"].validate(output).issues).toBeUndefined();
  });

  it.each(invalid)("rejects %j naming the operator and the field, before any model call", async (input, field, problem) => {
    const world = simulatedWorld();
    const error = await world.clock.run(make(world).invoke(input)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toBe(`${name}: invalid input at ${field}: ${problem}`);
    expect(world.log.records).toHaveLength(0);
  });
});

describe("outputs", () => {
  it("ensembles answer in unit order, one answer per unit", async () => {
    const world = simulatedWorld();
    const ensemble = new UniformEnsemble({ numUnits: 4, model, temperature: 1, registry: world.registry });
    const { answers } = await world.clock.run(ensemble.invoke({ query: "q" }));
    const alone = await Promise.all(
      ensemble.units.map((unit) => world.clock.run(unit.invoke({ query: "q" })).then((r) => r.answer)),
    );
    expect(answers).toEqual(alone);
  });

  it("SelectorJudge returns one of the candidates, unchanged, with its index", async () => {
    const world = simulatedWorld();
    const candidates = ["red", "green", "blue"];
    for (let seed = 0; seed < 6; seed++) {
      const selected = await world.clock.run(new SelectorJudge({ model, seed, registry: world.registry }).invoke({ query: "q", candidates }));
      expect(candidates[selected.index]).toBe(selected.answer);
    }
  });

  it("CompactGraph is a structural operator", () => {
    expect(buildGraph(["1:E:gpt-4o"])).toBeInstanceOf(CompactGraph);
  });
});

describe("settings are checked when the operator is made", () => {
  it.each([
    [() => new JudgeSynthesis({ model, temperature: 2.5 }), "JudgeSynthesis: temperature must be a number in [0, 2], got 2.5"],
    [() => new Verifier({ model: "" }), 'Verifier: model must be a model name like "openai:gpt-4o" or a Model, got ""'],
    [() => new UniformEnsemble({ numUnits: 0, model }), "UniformEnsemble: numUnits must be a positive integer of at most 1000, got 0"],
    [() => new UniformEnsemble({ numUnits: 2.5, model }), "UniformEnsemble: numUnits must be a positive integer of at most 1000, got 2.5"],
    [() => new VariedEnsemble([]), "VariedEnsemble: members must be a non-empty array of model settings"],
    [() => new ModelUnit({ model, temperature: -1 }), "ModelUnit: temperature must be a number in [0, 2], got -1"],
  ])("%#", (make, message) => {
    expect(make).toThrow(message);
  });
});
