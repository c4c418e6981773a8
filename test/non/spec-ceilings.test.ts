/**
 * Issue 14, item 7: a compact spec is user input, and a count is work done at build time. Counts
 * past the documented ceilings are refused at once with the entry named, instead of running out of
 * memory ("100000000:E:gpt-4o:0.7" did, after 26 s).
 */
import { describe, expect, it } from "vitest";
import { GraphSpecError, buildGraph } from "xcs-jit";
import { MAX_ENTRY_COUNT } from "../../runtime/non/compact/parse-entry.js";
import { MAX_SPEC_UNITS } from "../../runtime/non/compact/build-graph.js";

describe("ceilings on counts in compact specs", () => {
  it("refuses an entry over the per-entry ceiling, naming it", () => {
    expect(() => buildGraph(["100000000:E:gpt-4o:0.7"])).toThrow(GraphSpecError);
    expect(() => buildGraph(["1:E:gpt-4o", "100000000:E:gpt-4o:0.7"])).toThrow(
      `buildGraph: bad entry "100000000:E:gpt-4o:0.7" at [1]: count 100000000 is over the ceiling of ${MAX_ENTRY_COUNT} per entry`,
    );
  });

  it("accepts the ceiling itself", () => {
    expect(buildGraph([`${MAX_ENTRY_COUNT}:E:gpt-4o:0.7`, "1:MC"]).width).toBe(1);
  });

  it("refuses a spec whose named sub-specs multiply past the total ceiling, naming the entry", () => {
    const named = { wide: ["1000:E:gpt-4o:0.7", "1:MC"] };
    const spec = [Array.from({ length: MAX_SPEC_UNITS / 1000 + 1 }, () => "$wide")];
    expect(() => buildGraph(spec, { named })).toThrow(/bad entry "1000:E:gpt-4o:0.7" at \$wide\[0\]: the spec asks for more than 10000 units in total/);
  });
});
