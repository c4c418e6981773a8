import { describe, expect, it } from "vitest";
import { dataFlowWidth } from "./data-flow.js";

describe("dataFlowWidth", () => {
  it("is the most calls none of which reads another's output, directly or not", () => {
    expect(dataFlowWidth([])).toBe(0);
    // Independent calls may all run at once.
    expect(dataFlowWidth([[], [], []])).toBe(3);
    // A chain runs one at a time.
    expect(dataFlowWidth([[], [0], [1], [2]])).toBe(1);
    // A diamond: the two middle calls at once.
    expect(dataFlowWidth([[], [0], [0], [1, 2]])).toBe(2);
    // Reads through another call count: 2 reads 1 reads 0, so 0 and 2 never overlap; 3 is free.
    expect(dataFlowWidth([[], [0], [1], []])).toBe(2);
    // Two chains side by side, and a fan-in of both: 2 (one from each chain) at most.
    expect(dataFlowWidth([[], [0], [], [2], [1, 3]])).toBe(2);
    // A greedy chain cover would take 0-1-2 and leave 3 and 4 apart (3 chains); the best is 2 chains.
    expect(dataFlowWidth([[], [0], [1], [0], [3]])).toBe(2);
    // Fan-out: one source, four readers that read nothing else.
    expect(dataFlowWidth([[], [0], [0], [0], [0]])).toBe(4);
  });

  it("refuses a call reading a later one (the calls are given in the order they were made)", () => {
    expect(() => dataFlowWidth([[1], []])).toThrow(/call 0 reads call 1/);
  });
});
