import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelRegistry, SimulatedModel, type ModelTool } from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { startProvider, type Provider } from "./openai-server.js";

/** An AI SDK tool, as users write them; `executed` records its inputs. */
function weatherTool() {
  const executed: unknown[] = [];
  const weather = tool({
    description: "The weather in a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      executed.push(city);
      return { city, celsius: 21 };
    },
  });
  return { weather: weather as unknown as ModelTool, executed };
}

const failing: ModelTool = {
  inputSchema: z.object({ id: z.number().int() }),
  execute: () => {
    throw new Error("database down");
  },
};

describe("tools on the simulated model", () => {
  it("calls each tool once with an input from its schema, records calls and results, and answers from them", async () => {
    const model = new SimulatedModel({ id: "simulated:gpt-4o", latency: { fixedMs: 0 } });
    const { weather, executed } = weatherTool();
    const response = await model.generate({ prompt: "Weather?", tools: { weather, lookup: failing } });
    expect(response.toolCalls).toHaveLength(2);
    const [lookup, weatherCall] = response.toolCalls!;
    expect(lookup).toMatchObject({ tool: "lookup", error: new Error("database down") });
    expect(weatherCall).toEqual({ tool: "weather", input: { city: executed[0] }, output: { city: executed[0], celsius: 21 } });
    expect(z.object({ id: z.number().int() }).safeParse(lookup!.input).success).toBe(true);
    // Deterministic, and the tools' results shape the answer.
    const again = await model.generate({ prompt: "Weather?", tools: { weather, lookup: failing } });
    expect(again.text).toBe(response.text);
    expect(again.toolCalls).toEqual(response.toolCalls);
    expect((await model.generate({ prompt: "Weather?" })).text).not.toBe(response.text);
  });
});

let running: Provider | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("tools over HTTP through the AI SDK", () => {
  it("the model's tool call runs the tool, its result goes back, and both are recorded", async () => {
    running = await startProvider(4, (n) => (n === 0 ? { toolCall: { name: "weather", args: '{"city":"Oslo"}' } } : { answer: "21 degrees in Oslo" }));
    const provider = createOpenAICompatible({ name: "local", baseURL: running.baseURL, apiKey: "k" });
    const registry = new ModelRegistry();
    registry.register(aiSdkModel(provider.chatModel("m")), { retry: false });
    const { weather, executed } = weatherTool();
    const response = await registry.resolve("local:m").generate({ prompt: "Weather in Oslo?", tools: { weather } });
    expect(response.text).toBe("21 degrees in Oslo");
    expect(executed).toEqual(["Oslo"]);
    expect(response.toolCalls).toEqual([{ tool: "weather", input: { city: "Oslo" }, output: { city: "Oslo", celsius: 21 } }]);
    expect(response.usage).toEqual({ inputTokens: 22, outputTokens: 4 }); // both steps
    const second = running.received[1]!.messages;
    expect(second.at(-1)).toMatchObject({ role: "tool", tool_call_id: "call_1" });
    expect(JSON.parse(second.at(-1)!.content!)).toEqual({ city: "Oslo", celsius: 21 });
  });
});
