// The scheduler starts a plain leaf as `forward(input, { signal })` (invokeFromRun) and anything
// else through `invoke`. Both must mean what eager's `invoke` means: a synchronous throw is a
// rejection that leaves the rest of the group started; a schema and an overridden `invoke` still run.
import { describe, expect, it } from "vitest";
import { Operator, type InvokeOptions } from "xcs-jit";
import { buildStructure } from "../../runtime/builder/index.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { CallLog, FakeOperator, LogicalClock, expectSameAsEager, wide, Single, type Leaf, type LeafInput, type LeafOutput } from "../support/index.js";

const parallel = (op: Operator<unknown, unknown>, inputs: unknown) => runGraph(buildStructure(op), inputs, { scheduler: "parallel" });

/** Throws before returning any promise: eager's `invoke` turns that into a rejection. */
class ThrowsAtOnce extends Operator<LeafInput, LeafOutput> {
  constructor(private readonly log: CallLog) {
    super();
  }
  forward(inputs: LeafInput): Promise<LeafOutput> {
    this.log.begin("throws", inputs, false);
    throw new Error("thrown before any await");
  }
}

describe("leaf calls a run starts", () => {
  it("a synchronous throw fails the node as eager's rejection does, after the whole group started", async () => {
    const make = () => {
      const log = new CallLog(new LogicalClock());
      let n = 0;
      const leaf = (name: string): Leaf => (n++ === 1 ? new ThrowsAtOnce(log) : new FakeOperator(log, { name }));
      return { op: wide(leaf, 4) as Operator<unknown, unknown>, log };
    };
    const { eager, compiled } = await expectSameAsEager(make, { query: "q" }, parallel);
    expect(eager.ok).toBe(false);
    expect(compiled.calls.map((c) => c.name)).toEqual(["unit0", "throws", "unit2", "unit3"]);
  });

  it("validates a leaf with a schema, and calls an overridden invoke", async () => {
    const seen: string[] = [];
    class Checked extends Operator<LeafInput, LeafOutput> {
      static override spec = {
        input: {
          "~standard": {
            version: 1 as const,
            vendor: "test",
            validate: (value: unknown) => (seen.push("validated"), { value }),
          },
        },
      };
      forward(inputs: LeafInput) {
        return { answer: `${inputs.query}!` };
      }
    }
    class Wrapped extends Checked {
      override invoke(inputs: LeafInput, options?: InvokeOptions): Promise<LeafOutput> {
        seen.push("wrapped");
        return super.invoke(inputs, options);
      }
    }
    expect(await parallel(new Single(() => new Wrapped()) as Operator<unknown, unknown>, { query: "q" })).toEqual({ answer: "q!" });
    expect(seen).toEqual(["wrapped", "validated"]);
  });
});
