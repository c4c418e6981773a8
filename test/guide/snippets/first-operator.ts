import { z } from "zod";
import { Operator, type ForwardContext } from "xcs-jit";

type SummarizeInput = { text: string; maxWords: number };

export class Summarize extends Operator<SummarizeInput, { summary: string }> {
  // Any Standard Schema validator works (zod, valibot, arktype). Bad input is rejected
  // before forward runs, with an error that names the operator and the field.
  static override spec = {
    input: z.object({ text: z.string().min(1), maxWords: z.number().int().positive() }),
    output: z.object({ summary: z.string() }),
  };

  async forward(inputs: SummarizeInput, ctx: ForwardContext) {
    ctx.signal.throwIfAborted(); // long-running work should honour cancellation
    return { summary: inputs.text.split(/\s+/).slice(0, inputs.maxWords).join(" ") };
  }
}

export async function summarizeOnce(): Promise<string> {
  const summarize = new Summarize();
  // invoke: validate the input, run forward, validate the output. Always a Promise.
  const { summary } = await summarize.invoke({ text: "the quick brown fox jumps", maxWords: 3 });
  return summary; // "the quick brown"
}
