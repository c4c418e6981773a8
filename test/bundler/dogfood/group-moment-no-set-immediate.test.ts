// The end-of-turn hold (`TURN` in runtime/scheduler/parallel.ts) takes its turn from `nextTurn`
// (runtime/shared-abort.ts), which falls back to `setTimeout` where a runtime the package supports
// has no `setImmediate` (docs/guide.md: Deno, edge runtimes); a review found the first version
// calling `setImmediate` itself. Without it, a run that holds a node must still return eager's
// answer. (Real timers: the logical clock itself needs `setImmediate`. Nothing here depends on
// how long anything takes; the guard only stops a run that would never settle.)
import { Operator, structuralJit } from "xcs-jit";
import { afterEach, describe, expect, it, vi } from "vitest";

type Ask = { query: string };
type Reply = { answer: string };

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
class AuditsDraft extends Operator<Ask, Reply> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly audit: Audit,
  ) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    const d = await this.draft.invoke({ query: inputs.query });
    await this.audit.invoke({ query: d.answer });
    return d;
  }
}

@structuralJit
class Slow extends Operator<Ask, Reply> {
  async forward(inputs: Ask): Promise<Reply> {
    return { answer: await slowly(inputs.query) };
  }
}

@structuralJit
class HeldPair extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly first: Operator<Ask, Reply>,
    readonly audits: AuditsDraft,
    readonly slow: Slow,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const f = await this.first.invoke({ query: inputs.query });
    const [a, s] = await Promise.all([this.audits.invoke({ query: f.answer }), this.slow.invoke({ query: f.answer })]);
    return { answers: [a.answer, s.answer] };
  }
}

afterEach(() => vi.unstubAllGlobals());

describe("a held node where the runtime has no setImmediate", () => {
  it("still starts, and the run returns eager's answer", async () => {
    const make = () => new HeldPair(new Leaf("first"), new AuditsDraft(new Leaf("draft"), new Audit()), new Slow());
    const eager = make();
    const expected = await (eager as Operator<Ask, unknown>).forward({ query: "q" }, { signal: new AbortController().signal });
    const compiled = make();
    vi.stubGlobal("setImmediate", undefined);
    let guard: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      compiled.invoke({ query: "q" }).then((value) => ({ value }), (error: unknown) => ({ error: String(error) })),
      new Promise((resolve) => (guard = setTimeout(() => resolve({ error: "still running after 5 s (a correct run takes about 25 ms)" }), 5000))),
    ]);
    clearTimeout(guard);
    expect(outcome).toEqual({ value: expected });
    expect(compiled.audits.audit.seen).toEqual(["draft(first(q))"]);
  });
});
