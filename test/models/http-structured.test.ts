import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelRegistry, StructuredOutputError } from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { startProvider, type Provider, type Reply } from "./openai-server.js";

let running: Provider | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const Review = z.object({ title: z.string(), score: z.number().int().min(1).max(5) });

async function local(script: (n: number) => Reply) {
  running = await startProvider(5, script);
  const provider = createOpenAICompatible({ name: "local", baseURL: running.baseURL, apiKey: "k", supportsStructuredOutputs: true });
  const registry = new ModelRegistry();
  registry.register(aiSdkModel(provider.chatModel("m")), { retry: false });
  return registry.resolve("local:m");
}

describe("chat and structured output over HTTP through the AI SDK", () => {
  it("sends the schema as response_format and returns the validated object", async () => {
    const model = await local(() => ({ answer: JSON.stringify({ title: "Dune", score: 4 }) }));
    const response = await model.generate({ prompt: "Review Dune.", output: Review });
    expect(response.object).toEqual({ title: "Dune", score: 4 });
    const format = running!.received[0]!.response_format!;
    expect(format.type).toBe("json_schema");
    expect(format.json_schema?.schema).toMatchObject({ type: "object", required: ["title", "score"] });
  });

  it("a reply that does not fit fails naming the model and the path", async () => {
    const model = await local(() => ({ answer: JSON.stringify({ title: "Dune", score: 9 }) }));
    const error = await model.generate({ prompt: "Review Dune.", output: Review }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).path).toBe("score");
    expect((error as Error).message).toMatch(/^local:m: the answer does not fit the output schema at score: /);
  });

  it("sends the conversation so far before the prompt", async () => {
    const model = await local(() => ({ answer: "granite" }));
    const messages = [
      { role: "user", content: "Name a stone." },
      { role: "assistant", content: "basalt" },
    ] as const;
    expect((await model.generate({ prompt: "Another?", system: "Be brief.", messages })).text).toBe("granite");
    expect(running!.received[0]!.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Name a stone." },
      { role: "assistant", content: "basalt" },
      { role: "user", content: "Another?" },
    ]);
  });
});
