// The end-of-turn hold (`TURN` in runtime/scheduler/parallel.ts) takes its turn from `nextTurn`
// (runtime/shared-abort.ts), which falls back to `setTimeout` where a runtime the package supports
// has no `setImmediate` (docs/guide.md: Deno, edge runtimes); a review found the first version
// calling `setImmediate` itself. Without it, a run that holds a node must still return eager's
// answer. (Real timers: the logical clock itself needs `setImmediate`. Nothing here depends on
// how long anything takes; the guard only stops a run that would never settle.)
import { Operator, structuralJit } from "xcs-jit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AfterFirst, DraftThenAudit, type Ask, type Reply } from "./group-members.js";


const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class Leaf extends Operator<Ask, Reply> {
  constructor(readonly name: string) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    await later(1);
    return { answer: `${this.name}(${inputs.query})` };
  }
}

class Audit extends Operator<Ask, Reply> {
  static override effects = true;
  readonly seen: string[] = [];
  async forward(inputs: Ask): Promise<Reply> {
    this.seen.push(inputs.query);
    return { answer: "ok" };
  }
}

async function slowly(text: string): Promise<string> {
  await later(20);
  return text;
}

@structuralJit
class Slow extends Operator<Ask, Reply> {
  async forward(inputs: Ask): Promise<Reply> {
    return { answer: await slowly(inputs.query) };
  }
}

afterEach(() => vi.unstubAllGlobals());

describe("a held node where the runtime has no setImmediate", () => {
  it("still starts, and the run returns eager's answer", async () => {
    const make = () => {
      const audit = new Audit();
      return { op: new AfterFirst(new Leaf("first"), new DraftThenAudit(new Leaf("draft"), audit), new Slow()), audit };
    };
    const eager = make();
    const expected = await eager.op.forward({ query: "q" });
    const compiled = make();
    vi.stubGlobal("setImmediate", undefined);
    let guard: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      compiled.op.invoke({ query: "q" }).then((value) => ({ value }), (error: unknown) => ({ error: String(error) })),
      new Promise((resolve) => (guard = setTimeout(() => resolve({ error: "still running after 5 s (a correct run takes about 25 ms)" }), 5000))),
    ]);
    clearTimeout(guard);
    expect(outcome).toEqual({ value: expected });
    expect(compiled.audit.seen).toEqual(["draft(first(q))"]);
  });
});
