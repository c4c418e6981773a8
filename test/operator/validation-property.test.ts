import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputValidationError, Operator } from "xcs-jit";

const Schema = z.object({
  query: z.string(),
  options: z.object({ temperature: z.number().min(0).max(2), model: z.string().optional() }),
  tags: z.array(z.string()),
});

class Recorder extends Operator<unknown, unknown> {
  static override spec = { input: Schema };
  received: unknown[] = [];
  forward(inputs: unknown) {
    this.received.push(inputs);
    return "ran";
  }
}

const valid = fc.record({
  query: fc.string(),
  options: fc.record({ temperature: fc.double({ min: 0, max: 2, noNaN: true }), model: fc.string() }, { requiredKeys: ["temperature"] }),
  tags: fc.array(fc.string()),
});

/** Valid values, near-misses of the schema's shape (one field off, several off), and anything. */
const candidate = fc.oneof(
  valid,
  fc.record(
    {
      query: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      options: fc.oneof(
        fc.record(
          { temperature: fc.oneof(fc.double({ min: -1, max: 3, noNaN: true }), fc.string()), model: fc.oneof(fc.string(), fc.integer()) },
          { requiredKeys: [] },
        ),
        fc.constant("none"),
      ),
      tags: fc.oneof(fc.array(fc.oneof(fc.string(), fc.integer())), fc.string()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe("input validation agrees with the schema (property)", () => {
  it("rejects exactly what the schema rejects, with its issues and one field per issue; forward gets the parsed value", async () => {
    await fc.assert(
      fc.asyncProperty(candidate, async (value) => {
        const expected = await Schema["~standard"].validate(value);
        const op = new Recorder();
        const outcome = await op.invoke(value).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        );
        if (expected.issues) {
          expect("error" in outcome && outcome.error).toBeInstanceOf(InputValidationError);
          const error = (outcome as { error: InputValidationError }).error;
          expect(error.issues).toEqual(expected.issues);
          expect(error.fields).toHaveLength(expected.issues.length);
          for (const field of error.fields) expect(error.message).toContain(field);
          expect(op.received).toEqual([]);
        } else {
          expect(outcome).toEqual({ result: "ran" });
          expect(op.received).toEqual([expected.value]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
