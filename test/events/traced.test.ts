import { describe, expect, it } from "vitest";
import { jit, ModelUnit, Operator, type ForwardContext } from "xcs-jit";
import { simulatedWorld } from "../models/support.js";

/** Two drafts, then a revision of the first: a pipeline the tracing JIT runs. */
function tracedPipeline(world: ReturnType<typeof simulatedWorld>) {
  class DraftThenRevise extends Operator<{ query: string }, { answer: string }> {
    drafts = [0, 1].map((seed) => new ModelUnit({ model: "simulated:gpt-4o", temperature: 0.7, seed, registry: world.registry }));
    reviser = new ModelUnit({ model: "simulated:claude-3-5-sonnet", registry: world.registry });
    async forward(inputs: { query: string }, ctx: ForwardContext) {
      const [a, b] = await Promise.all(this.drafts.map((d) => d.invoke(inputs, { signal: ctx.signal })));
      return this.reviser.invoke({ query: `${a!.answer} / ${b!.answer}` }, { signal: ctx.signal });
    }
  }
  jit(DraftThenRevise);
  return new DraftThenRevise();
}

describe("op.stream on a class the tracing JIT runs", () => {
  it("resolves what invoke does and streams every model call's text", async () => {
    const world = simulatedWorld({ latency: 4 });
    const op = tracedPipeline(world);
    const invoked = await world.clock.run(op.invoke({ query: "q" }));
    const stream = op.stream({ query: "q" });
    const events = await world.clock.run(async () => {
      const seen = [];
      for await (const event of stream) seen.push(event);
      return seen;
    });
    expect(await stream.result).toEqual(invoked);
    expect(events[0]).toEqual({ type: "run-started", operator: "DraftThenRevise" });
    expect(events.at(-1)).toMatchObject({ type: "output", value: invoked });
    const text = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
    const replies = world.log.records.slice(-3).map((r) => r.result as string);
    expect(text.length).toBe(replies.join("").length);
  });
});
