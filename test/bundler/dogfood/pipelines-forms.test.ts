// Build-time values that leave `forward` whole (pipelines-forms.ts), changed by the caller after
// each run: a later run must return what eager's returns.
import { explain, type Operator } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { CallLog, compareWithEager, FakeOperator, LogicalClock, type Scenario } from "../../support/index.js";
import type { Ask, Reply } from "./group-members.js";
import { forms } from "./pipelines-forms.js";

/** A caller that changes everything it was given, all the way down. */
function vandalize(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((v) => vandalize(v, seen));
    value.push("caller");
  } else if (value instanceof Map) {
    value.forEach((v) => vandalize(v, seen));
    value.set("caller", 1);
  } else if (value instanceof Set) {
    value.add("caller");
  } else {
    Object.values(value).forEach((v) => vandalize(v, seen));
    (value as Record<string, unknown>).caller = true;
  }
}

function scenario(Class: new (ask: Operator<Ask, Reply>) => Operator<Ask, unknown>) {
  return (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const op = new Class(new FakeOperator<Ask, Reply>(log, { name: "ask", compute: (i) => ({ answer: i.query }) }));
    return { op, log, consume: (v) => vandalize((v as { part: unknown }).part) };
  };
}

describe("a build-time value that leaves whole, changed by the caller", () => {
  for (const [name, Class] of Object.entries(forms)) {
    it(name, async () => {
      const mode = explain(scenario(Class)().op).mode;
      const runs = ["q", "rr", "q"].map((query, i) => ({ input: { query }, options: i === 2 ? ({ scheduler: "sequential" } as const) : undefined }));
      const result = await compareWithEager(scenario(Class), runs);
      expect({ mode, differences: result.differences }).toEqual({ mode: "structural", differences: [] });
    });
  }
});
