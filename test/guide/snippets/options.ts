import { ModelUnit, Operator, executionOptions, structuralJit } from "xcs-jit";
import { registry } from "./pipeline.js";

// Defaults for every instance of the class (the decorator's options)…
@structuralJit({ strategy: "parallel", maxConcurrency: 4 })
export class Brainstorm extends Operator<{ topic: string }, { ideas: string[] }> {
  writers = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => new ModelUnit({ model: "simulated:gpt-4o", temperature: 1, seed, registry }));

  async forward(inputs: { topic: string }) {
    const replies = await Promise.all(this.writers.map((w) => w.invoke({ query: inputs.topic })));
    return { ideas: replies.map((r) => r.answer) };
  }
}

export async function brainstormWithOptions(topic: string) {
  const brainstorm = new Brainstorm();
  // …overridden by a scope: every invoke inside it, however deep. Concurrent requests in one
  // server never see each other's scope.
  const scoped = await executionOptions({ maxConcurrency: 2, signal: AbortSignal.timeout(30_000) }, () =>
    brainstorm.invoke({ topic }),
  );
  // …overridden by the options of one call.
  const inOrder = await brainstorm.invoke({ topic }, { scheduler: "sequential" });
  return { scoped, inOrder };
}
