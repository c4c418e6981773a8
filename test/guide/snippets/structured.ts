import { z } from "zod";
import { ModelRegistry, simulatedModels } from "xcs-jit";

const registry = new ModelRegistry(simulatedModels({ latency: { fixedMs: 1 } }));
export const Review = z.object({ title: z.string(), score: z.number().int().min(1).max(5) });

export async function reviewInChat() {
  const { object } = await registry.resolve("simulated:gpt-4o").generate({
    system: "You review films.",
    // The conversation so far; `prompt` is the user's latest message.
    messages: [
      { role: "user", content: "I watched Dune." },
      { role: "assistant", content: "How was it?" },
    ],
    prompt: "Write my review.",
    // Any Standard Schema with a JSON Schema (zod 4 has one): the answer comes back validated, or
    // a StructuredOutputError names the model and the path that did not fit.
    output: Review,
  });
  return object as z.infer<typeof Review>;
}
