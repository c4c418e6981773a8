import { ModelUnit, Operator, jit } from "xcs-jit";
import { registry } from "./pipeline.js";

// For code the transformer never sees (plain JavaScript, a build without the plugin): the
// tracing JIT records the calls of a first run, then dispatches them early on later runs and
// keeps a result only when the call's actual inputs match the predicted ones.
@jit
export class Compare extends Operator<{ a: string; b: string }, { answers: string[] }> {
  left = new ModelUnit({ model: "simulated:gpt-4o", registry });
  right = new ModelUnit({ model: "simulated:gpt-4o", registry });

  async forward(inputs: { a: string; b: string }) {
    const first = await this.left.invoke({ query: inputs.a });
    const second = await this.right.invoke({ query: inputs.b });
    return { answers: [first.answer, second.answer] };
  }
}
