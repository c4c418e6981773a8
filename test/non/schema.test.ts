import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, number, object, oneOf, optional, string } from "../../runtime/non/schema.js";

const validate = (schema: { "~standard": { validate: (v: unknown) => unknown } }, value: unknown) =>
  schema["~standard"].validate(value) as { value?: unknown; issues?: { message: string; path: PropertyKey[] }[] };

describe("the library's Standard Schema builders", () => {
  const judgeInput = object({ query: string(), candidates: array(string(), { minLength: 1 }), note: optional(string()) });

  it("accept valid values and return them as they came, extra keys included", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { minLength: 1 }), fc.option(fc.string(), { nil: undefined }), (query, candidates, note) => {
        const value = { query, candidates, note, extra: 1 };
        expect(validate(judgeInput, value)).toEqual({ value });
        expect(validate(judgeInput, value).value).toBe(value);
      }),
    );
  });

  it("report every problem with its path", () => {
    expect(validate(judgeInput, { candidates: ["a", 3] }).issues).toEqual([
      { message: "required", path: ["query"] },
      { message: "expected a string, got number 3", path: ["candidates", 1] },
    ]);
    expect(validate(judgeInput, { query: "q", candidates: [] }).issues).toEqual([{ message: "expected at least 1 item(s), got 0", path: ["candidates"] }]);
    expect(validate(judgeInput, null).issues).toEqual([{ message: "expected an object, got null", path: [] }]);
    expect(validate(judgeInput, { query: "q", candidates: ["a"], note: 5 }).issues).toEqual([{ message: "expected a string, got number 5", path: ["note"] }]);
  });

  it("check numbers, choices and non-empty strings", () => {
    expect(validate(number({ integer: true, min: 0 }), 1.5).issues?.[0]?.message).toBe("expected an integer, got 1.5");
    expect(validate(number({ min: 0, max: 2 }), 3).issues?.[0]?.message).toBe("expected a number in [0, 2], got 3");
    expect(validate(number(), Number.NaN).issues?.[0]?.message).toBe("expected a number, got number NaN");
    expect(validate(oneOf(["correct", "incorrect"]), "maybe").issues?.[0]?.message).toBe('expected one of "correct", "incorrect", got "maybe"');
    expect(validate(string({ nonEmpty: true }), "  ").issues?.[0]?.message).toBe("expected a non-empty string");
    expect(validate(array(string()), "abc").issues?.[0]?.message).toBe('expected an array, got "abc"');
  });
});
