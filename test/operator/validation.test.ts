import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputValidationError, Operator, OutputValidationError, ValidationError } from "xcs-jit";

const Question = z.object({
  query: z.string(),
  options: z.object({ temperature: z.number().min(0).max(2) }),
  tags: z.array(z.string()).default([]),
});
const Reply = z.object({ answer: z.string(), score: z.number() });

/** Counts its forward calls and returns whatever `reply` says, so bad outputs can be provoked. */
class Answer extends Operator<z.input<typeof Question>, z.output<typeof Reply>> {
  static override spec = { input: Question, output: Reply };
  calls: unknown[] = [];
  reply: (inputs: z.output<typeof Question>) => unknown = (inputs) => ({ answer: inputs.query, score: 1 });

  forward(inputs: any) {
    this.calls.push(inputs);
    return this.reply(inputs) as any;
  }
}

const valid = { query: "why?", options: { temperature: 0.5 } };

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => expect.unreachable("expected a validation error"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("input validation", () => {
  it("rejects a missing field before forward runs, naming operator and field", async () => {
    const op = new Answer();
    const error = await rejection(op.invoke({ options: { temperature: 0 } } as any));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toMatch(/^Answer: invalid input at query: .*expected string, received undefined/);
    expect(error.operator).toBe("Answer");
    expect(error.fields).toEqual(["query"]);
    expect(op.calls).toEqual([]);
  });

  it("rejects a wrong type", async () => {
    const error = await rejection(new Answer().invoke({ ...valid, query: 42 } as any));
    expect(error.message).toMatch(/at query: .*expected string, received number/);
  });

  it("names a nested field by its path", async () => {
    const error = await rejection(new Answer().invoke({ ...valid, options: { temperature: 7 } }));
    expect(error.fields).toEqual(["options.temperature"]);
    expect(error.message).toMatch(/^Answer: invalid input at options\.temperature: /);
  });

  it("names an array element by its index", async () => {
    const error = await rejection(new Answer().invoke({ ...valid, tags: ["a", 3 as any] }));
    expect(error.fields).toEqual(["tags[1]"]);
  });

  it("reports several issues at once, each with its field, and keeps the schema's issues", async () => {
    const error = await rejection(new Answer().invoke({ query: 1, options: { temperature: "hot" } } as any));
    expect(error.fields).toEqual(["query", "options.temperature"]);
    expect(error.message.split("\n")).toEqual([
      "Answer: invalid input (2 issues)",
      expect.stringMatching(/^ {2}- query: .*expected string/),
      expect.stringMatching(/^ {2}- options\.temperature: .*expected number/),
    ]);
    expect(error.issues.map((issue) => issue.path)).toEqual([["query"], ["options", "temperature"]]);
  });

  it("names the whole value when the input is not an object at all", async () => {
    const error = await rejection(new Answer().invoke("a string" as any));
    expect(error.fields).toEqual(["(root)"]);
  });

  it("uses the operator's name property in the error", async () => {
    const op = new Answer();
    (op as any).name = "planner";
    const error = await rejection(op.invoke({} as any));
    expect(error.message).toMatch(/^planner: invalid input/);
    expect(error.operator).toBe("planner");
  });

  it("hands forward the schema's output value (defaults applied)", async () => {
    const op = new Answer();
    await op.invoke(valid);
    expect(op.calls).toEqual([{ ...valid, tags: [] }]);
  });
});

describe("output validation", () => {
  it("rejects a bad output after forward ran, naming operator and field", async () => {
    const op = new Answer();
    op.reply = () => ({ answer: "x", score: "high" });
    const error = await rejection(op.invoke(valid));
    expect(error).toBeInstanceOf(OutputValidationError);
    expect(error.message).toMatch(/^Answer: invalid output at score: .*expected number, received string/);
    expect(op.calls).toHaveLength(1);
  });

  it("returns the validated output", async () => {
    await expect(new Answer().invoke(valid)).resolves.toEqual({ answer: "why?", score: 1 });
  });
});

describe("asynchronous schemas (validate returning a Promise)", () => {
  const slowlyPositive: StandardSchemaV1<number> = {
    "~standard": {
      version: 1,
      vendor: "test",
      validate: async (value) =>
        typeof value === "number" && value > 0
          ? { value }
          : { issues: [{ message: "must be a positive number", path: [{ key: "n" }] }] },
    },
  };

  class Double extends Operator<number, number> {
    static override spec = { input: slowlyPositive, output: slowlyPositive };
    forward(n: number) {
      return n === 1 ? -1 : n * 2;
    }
  }

  it("awaits the schema, accepting and rejecting", async () => {
    await expect(new Double().invoke(3)).resolves.toBe(6);
    const input = await rejection(new Double().invoke(-3));
    expect(input).toBeInstanceOf(InputValidationError);
    expect(input.message).toBe("Double: invalid input at n: must be a positive number");
    const output = await rejection(new Double().invoke(1));
    expect(output).toBeInstanceOf(OutputValidationError);
  });

  it("works with zod's asynchronous refinements", async () => {
    class Checked extends Operator<{ id: string }, string> {
      static override spec = { input: z.object({ id: z.string().refine(async (id) => id.startsWith("u-"), "unknown id") }) };
      forward(inputs: { id: string }) {
        return inputs.id;
      }
    }
    await expect(new Checked().invoke({ id: "u-1" })).resolves.toBe("u-1");
    const error = await rejection(new Checked().invoke({ id: "x" }));
    expect(error.message).toBe("Checked: invalid input at id: unknown id");
  });
});
