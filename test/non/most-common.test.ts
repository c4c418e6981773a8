import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MostCommon } from "xcs-jit";

/** The rule, stated the slow way: the highest count; among equals, the earliest first appearance. */
function reference(candidates: string[]): { answer: string; count: number } {
  const count = (c: string) => candidates.filter((x) => x === c).length;
  const best = Math.max(...candidates.map(count));
  const answer = candidates.find((c) => count(c) === best)!;
  return { answer, count: best };
}

describe("MostCommon", () => {
  const vote = (candidates: string[]) => new MostCommon().invoke({ candidates });

  it("returns the majority answer and its count", async () => {
    expect(await vote(["b", "a", "b", "c", "b"])).toEqual({ answer: "b", count: 3 });
  });

  it("breaks ties by first appearance, whatever order the counts were reached in", async () => {
    expect(await vote(["a", "b", "b", "a"])).toEqual({ answer: "a", count: 2 });
    expect(await vote(["c", "b", "a"])).toEqual({ answer: "c", count: 1 });
  });

  it("compares answers exactly", async () => {
    expect(await vote(["Paris", "paris", "Paris "])).toEqual({ answer: "Paris", count: 1 });
  });

  it("agrees with the rule on any list", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom("a", "b", "c", "d", ""), { minLength: 1, maxLength: 30 }), async (candidates) => {
        expect(await vote(candidates)).toEqual(reference(candidates));
      }),
    );
  });
});
