// A part of what a helper of the file makes on each call leaves `forward`, and a caller changes it
// (`madeParts`, read from the literals of the helper's one expression, `makesPart`): a helper that
// builds its tree around its argument (`{ opts: { tags: [tag] } }`) makes `opts` and `opts.tags`,
// though not `tag`. A review found the part built once and shared by runs while only helpers
// whose whole expression is data counted as making their parts.
import { explain, Operator, structuralJit } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { CallLog, compareWithEager, FakeOperator, LogicalClock, type Scenario } from "../../support/index.js";

type Ask = { query: string };
type Reply = { answer: string };
type Out = { answer: string; part: { tags: string[] } };

/** Makes a new object tree on each call, from its argument. */
function optionsFor(tag: string): { opts: { tags: string[] } } {
  return { opts: { tags: [tag] } };
}

@structuralJit
class ArgumentHelperPart extends Operator<Ask, Out> {
  constructor(readonly ask: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask): Promise<Out> {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: optionsFor("a").opts };
  }
}

const consume = (value: unknown) => (value as Out).part.tags.push("changed");

function scenario(eager: boolean) {
  return (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const op: Operator<Ask, Out> = new ArgumentHelperPart(new FakeOperator<Ask, Reply>(log, { name: "ask", compute: (i) => ({ answer: i.query }) }));
    if (eager) op.invoke = async (inputs: Ask) => await op.forward(inputs, { signal: new AbortController().signal });
    return { op, log, consume };
  };
}

describe("a part a helper of the file makes around its argument, changed by the caller", () => {
  it("is made on each run, as eager makes it (`optionsFor(\"a\").opts`)", async () => {
    expect(explain(scenario(false)().op).mode).toBe("structural");
    const runs = ["q", "r"].map((query) => ({ input: { query } }));
    const result = await compareWithEager(scenario(true), runs, { makeCompiled: scenario(false) });
    expect(result.differences).toEqual([]);
  });
});
