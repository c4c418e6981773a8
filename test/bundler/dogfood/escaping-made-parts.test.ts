// A build-time call whose result's part leaves `forward` (`findEscapes`, `makesPart`): a part the
// call itself makes on each eager call must be made on each run too, or a caller that changes what
// one run returned changes what the next run returns (found by reviews). What a helper of the file
// makes is read from the literals of its one expression (`madeParts`): `{ opts: { tags: [tag] } }`
// makes `opts` and `opts.tags`, though not `tag`.
import { explain, Operator, structuralJit } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { CallLog, compareWithEager, FakeOperator, LogicalClock, type Scenario } from "../../support/index.js";

type Ask = { query: string };
type Reply = { answer: string };
type Out = { answer: string; part: { tags: string[] } };

/** A helper that makes a new object tree on each call. */
function defaults(): { opts: { tags: string[] } } {
  return { opts: { tags: ["a"] } };
}

/** Makes a new object tree on each call, around its argument. */
function optionsFor(tag: string): { opts: { tags: string[] } } {
  return { opts: { tags: [tag] } };
}

function leaf(log: CallLog) {
  return new FakeOperator<Ask, Reply>(log, { name: "ask", compute: (i) => ({ answer: i.query }) });
}

@structuralJit
class HelperPart extends Operator<Ask, Out> {
  constructor(readonly ask: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask): Promise<Out> {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: defaults().opts };
  }
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

@structuralJit
class MappedPart extends Operator<Ask, Out> {
  names = ["a"];

  constructor(readonly ask: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask): Promise<Out> {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: this.names.map((name) => ({ tags: [name] }))[0]! };
  }
}

const consume = (value: unknown) => (value as Out).part.tags.push("changed");

function scenario(make: (ask: Operator<Ask, Reply>) => Operator<Ask, Out>, eager: boolean) {
  return (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const op = make(leaf(log));
    if (eager) op.invoke = async (inputs: Ask) => await op.forward(inputs, { signal: new AbortController().signal });
    return { op, log, consume };
  };
}

const cases: [string, (ask: Operator<Ask, Reply>) => Operator<Ask, Out>][] = [
  ["a part of what a helper of the module makes (`defaults().opts`)", (ask) => new HelperPart(ask)],
  ["a part a helper of the module makes around its argument (`optionsFor(\"a\").opts`)", (ask) => new ArgumentHelperPart(ask)],
  ["an element a `map` callback makes (`this.names.map(...)[0]`)", (ask) => new MappedPart(ask)],
];

describe("a part a build-time call makes, changed by the caller", () => {
  for (const [what, make] of cases) {
    it(`${what} is made on each run, as eager makes it`, async () => {
      expect(explain(scenario(make, false)().op).mode).toBe("structural");
      const runs = ["q", "r"].map((query) => ({ input: { query } }));
      const result = await compareWithEager(scenario(make, true), runs, { makeCompiled: scenario(make, false) });
      expect(result.differences).toEqual([]);
    });
  }
});
