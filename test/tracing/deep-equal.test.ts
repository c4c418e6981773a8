import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deepEqual, snapshot } from "../../runtime/tracing/deep-equal.js";

describe("deepEqual: the check before an early result is used", () => {
  it("equals structuredClone copies of plain data, and its own snapshots (fast-check)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(deepEqual(value, structuredClone(value))).toBe(true);
        expect(deepEqual(snapshot(value), value)).toBe(true);
      }),
    );
  });

  it("sees any change to a plain value made after its snapshot", () => {
    const input = { query: "q", list: [1, 2, { deep: "x" }] };
    const taken = snapshot(input);
    (input.list[2] as { deep: string }).deep = "y";
    expect(deepEqual(taken, input)).toBe(false);
  });

  it("is conservative wherever contents could hide a difference", () => {
    expect(deepEqual(0, -0)).toBe(false);
    expect(deepEqual(NaN, NaN)).toBe(true);
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(deepEqual(new Date(1), new Date(1))).toBe(false);
    const date = new Date(1);
    expect(deepEqual({ at: date }, { at: date })).toBe(true);
    expect(deepEqual(new Map([[1, 2]]), new Map([[1, 2]]))).toBe(false);
    const tagged = Symbol("tag");
    expect(deepEqual({ a: 1, [tagged]: 1 }, { a: 1, [tagged]: 2 })).toBe(false);
    expect(deepEqual({ get a() { return 1; } }, { get a() { return 1; } })).toBe(false);
    const hidden = Object.defineProperty({ a: 1 }, "h", { value: 1, enumerable: false });
    expect(deepEqual(hidden, Object.defineProperty({ a: 1 }, "h", { value: 2, enumerable: false }))).toBe(false);
    expect(deepEqual([1, , 3], [1, undefined, 3])).toBe(false);
  });

  it("terminates on cycles", () => {
    const a: { self?: unknown; v: number } = { v: 1 };
    a.self = a;
    const b: { self?: unknown; v: number } = { v: 1 };
    b.self = b;
    expect(deepEqual(a, b)).toBe(true);
    expect(deepEqual(snapshot(a), a)).toBe(true);
  });
});

describe("snapshot", () => {
  it("copies an own __proto__ key as a property, not as the prototype", () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as object;
    const copy = snapshot(parsed) as object;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "y"]);
    expect(deepEqual(copy, parsed)).toBe(true);
  });
});
