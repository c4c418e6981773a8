/** Structured output that streams: the JSON's text as it comes, then the validated object. */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelRegistry, Operator, SimulatedModel, StructuredOutputError, type Model, type RunEvent } from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { startProvider, type Provider } from "./openai-server.js";

const Review = z.object({ title: z.string(), score: z.number().int().min(1).max(5), tags: z.array(z.string()) });

let running: Provider | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The two models under test, `answer` what the HTTP one is scripted to send (the simulated one builds its own). */
async function modelThrough(through: "simulated" | "http", answer: string): Promise<Model> {
  if (through === "simulated") return new SimulatedModel({ id: "local:m", latency: { fixedMs: 0 } });
  running = await startProvider(3, () => ({ answer }));
  const provider = createOpenAICompatible({ name: "local", baseURL: running.baseURL, apiKey: "k", supportsStructuredOutputs: true });
  return aiSdkModel(provider.chatModel("m"));
}

/** An operator asking a registry model for a review: what `op.stream` runs. */
function reviewer(model: Model, schema: z.ZodType = Review) {
  const registry = new ModelRegistry();
  registry.register(model, { retry: false });
  return new (class Reviewer extends Operator<{ film: string }, unknown> {
    async forward(inputs: { film: string }) {
      return (await registry.resolve("local:m").generate({ prompt: `Review ${inputs.film}.`, output: schema })).object;
    }
  })();
}

async function collect(stream: AsyncIterable<RunEvent>) {
  const events: RunEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

const fits = JSON.stringify({ title: "Dune", score: 4, tags: ["sand", "worms"] }, null, 1);
const scoreTooHigh = JSON.stringify({ title: "Dune", score: 9, tags: [] }, null, 1);

describe.each(["simulated", "http"] as const)("streamed structured output through the %s model", (through) => {
  it("generate with onTextDelta: the JSON arrives in pieces, and the response's object is the validated value", async () => {
    const model = await modelThrough(through, fits);
    const pieces: string[] = [];
    const response = await model.generate({ prompt: "Review Dune.", output: Review }, { onTextDelta: (delta) => void pieces.push(delta) });
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe(response.text);
    expect(response.object).toEqual(Review.parse(JSON.parse(response.text)));
    if (through === "http") {
      expect(running!.received[0]).toMatchObject({ stream: true, response_format: { type: "json_schema" } });
      expect(response.object).toEqual({ title: "Dune", score: 4, tags: ["sand", "worms"] });
    }
  });

  it("op.stream: the JSON's deltas are events, the output the validated object", async () => {
    const op = reviewer(await modelThrough(through, fits));
    const stream = op.stream({ film: "Dune" });
    const { events, error } = await collect(stream);
    expect(error).toBeUndefined();
    const text = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
    const value = await stream.result;
    expect(value).toEqual(Review.parse(JSON.parse(text)));
    expect(events.at(-1)).toMatchObject({ type: "output", value });
  });

  it("an answer that does not fit fails after streaming it, naming the model and the path in the value", async () => {
    // The simulated model's JSON Schema for this says "string"; the pattern is what its answer misses.
    const Strict = z.object({ title: z.string(), score: z.number().int().min(1).max(5), tags: z.array(z.string().regex(/^\d+$/, "expected digits")).min(1) });
    const op = reviewer(await modelThrough(through, scoreTooHigh), Strict);
    const { events, error } = await collect(op.stream({ film: "Dune" }));
    expect(events.some((e) => e.type === "text-delta")).toBe(true);
    expect(events.at(-1)?.type).toBe("run-failed");
    expect(error).toBeInstanceOf(StructuredOutputError);
    const path = through === "http" ? "score" : "tags[0]";
    expect((error as StructuredOutputError).path).toBe(path);
    expect((error as Error).message).toMatch(new RegExp(`^local:m: the answer does not fit the output schema at ${path.replace(/[[\]]/g, "\\$&")}: `));
  });
});
