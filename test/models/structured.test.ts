import { describe, expect, it } from "vitest";
import { z } from "zod";
import { object, string } from "../../runtime/non/schema.js";
import { ModelRegistry, SimulatedModel, StructuredOutputError } from "xcs-jit";

const Review = z.object({
  title: z.string(),
  score: z.number().int().min(1).max(5),
  tags: z.array(z.enum(["short", "long", "funny"])).min(1),
  spoilers: z.boolean(),
});

const simulated = () => new SimulatedModel({ id: "simulated:gpt-4o", latency: { fixedMs: 0 } });

describe("structured output on the simulated model", () => {
  it("answers JSON that fits the schema, returned validated as object, the same every time", async () => {
    const request = { prompt: "Review the film.", output: Review, seed: 3 };
    const first = await simulated().generate(request);
    const again = await simulated().generate(request);
    expect(Review.parse(first.object)).toEqual(first.object);
    expect(JSON.parse(first.text)).toEqual(first.object);
    expect(again).toEqual(first);
    expect((await simulated().generate({ ...request, seed: 4 })).object).not.toEqual(first.object);
  });

  it("a reply that does not fit fails naming the model and the path in the value", async () => {
    // The JSON Schema says "string"; the refinement it cannot express is what the reply misses.
    const Strict = z.object({ items: z.array(z.object({ code: z.string().regex(/^\d+$/, "expected digits") })) });
    const error = await simulated().generate({ prompt: "Codes?", output: Strict }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).path).toBe("items[0].code");
    expect((error as Error).message).toBe("simulated:gpt-4o: the answer does not fit the output schema at items[0].code: expected digits");
  });

  it("a schema without a JSON Schema is refused with a message that says why", async () => {
    await expect(simulated().generate({ prompt: "x", output: object({ a: string() }) })).rejects.toThrow(
      "simulated:gpt-4o: the output schema has no JSON Schema (Standard JSON Schema), which the simulated model builds its answer from",
    );
  });

  it("works through a registry entry, with usage", async () => {
    const registry = new ModelRegistry();
    registry.register(simulated());
    const response = await registry.resolve("simulated:gpt-4o").generate({ prompt: "Review.", output: Review });
    expect(Review.safeParse(response.object).success).toBe(true);
    expect(response.usage.outputTokens).toBeGreaterThan(0);
  });
});

describe("messages on the simulated model", () => {
  it("the conversation so far shapes the answer, deterministically; without it the answer is the prompt's", async () => {
    const messages = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Name a stone." },
      { role: "assistant", content: "basalt" },
    ] as const;
    const plain = await simulated().generate({ prompt: "Another one?" });
    const chat = await simulated().generate({ prompt: "Another one?", messages });
    expect((await simulated().generate({ prompt: "Another one?", messages })).text).toBe(chat.text);
    expect(chat.text).not.toBe(plain.text);
    expect(chat.usage.inputTokens).toBeGreaterThan(plain.usage.inputTokens);
  });
});
