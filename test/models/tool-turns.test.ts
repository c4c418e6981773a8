/** Tool turns in `messages`: an assistant turn's tool calls and the `tool` turns answering them. */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterEach, describe, expect, it } from "vitest";
import { cacheKey, InvalidMessagesError, memoryCache, meterUsage, ModelRegistry, SimulatedModel, type ChatMessage, type Model } from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { startProvider, type Provider } from "./openai-server.js";

/** Asked for the weather, the assistant called a tool, which answered `output`. */
function history(output: unknown, isError?: boolean): ChatMessage[] {
  return [
    { role: "user", content: "Weather in Oslo?" },
    { role: "assistant", content: "", toolCalls: [{ id: "call_1", tool: "weather", input: { city: "Oslo" } }] },
    { role: "tool", toolCallId: "call_1", tool: "weather", output, ...(isError !== undefined && { isError }) },
  ];
}

const simulated = () => new SimulatedModel({ id: "simulated:gpt-4o", latency: { fixedMs: 0 } });

/** A model whose requests are kept, in a registry with a memory cache. */
function cachedRegistry(model: Model) {
  const requests: unknown[] = [];
  const registry = new ModelRegistry();
  registry.register({ id: model.id, generate: (request, options) => (requests.push(request), model.generate(request, options)) }, { cache: { store: memoryCache() } });
  return { model: registry.resolve(model.id), requests };
}

describe("tool turns on the simulated model", () => {
  it("the tool's result shapes the answer, deterministically, and is part of the cache key", async () => {
    const prompt = "So, a coat?";
    const warm = await simulated().generate({ prompt, messages: history({ celsius: 21 }) });
    expect((await simulated().generate({ prompt, messages: history({ celsius: 21 }) })).text).toBe(warm.text);
    const cold = await simulated().generate({ prompt, messages: history({ celsius: -5 }) });
    expect(cold.text).not.toBe(warm.text);
    const withoutTools = await simulated().generate({ prompt, messages: [{ role: "user", content: "Weather in Oslo?" }] });
    expect(withoutTools.text).not.toBe(warm.text);

    const keys = [history({ celsius: 21 }), history({ celsius: -5 }), history("21", true)].map((messages) => cacheKey("simulated:gpt-4o", { prompt, messages }));
    expect(new Set(keys).size).toBe(3);

    const { model, requests } = cachedRegistry(simulated());
    const { result, usage } = await meterUsage(async () => [
      await model.generate({ prompt, messages: history({ celsius: 21 }) }),
      await model.generate({ prompt, messages: history({ celsius: 21 }) }),
      await model.generate({ prompt, messages: history({ celsius: -5 }) }),
    ]);
    expect(result.map((r) => r.text)).toEqual([warm.text, warm.text, cold.text]);
    expect(requests).toHaveLength(2);
    expect(usage.total).toMatchObject({ requests: 2, cacheHits: 1 });
  });

  it("a history that does not pair its tool turns fails naming the turn and field", async () => {
    const cases: [unknown[], string][] = [
      [[{ role: "tool", toolCallId: "call_9", tool: "weather", output: 1 }], 'simulated:gpt-4o: messages[0].toolCallId "call_9" answers no earlier assistant tool call (or one already answered)'],
      [[...history(1), { role: "tool", toolCallId: "call_1", tool: "weather", output: 2 }], 'simulated:gpt-4o: messages[3].toolCallId "call_1" answers no earlier assistant tool call (or one already answered)'],
      [[history(1)[1], { role: "tool", toolCallId: "call_1", tool: "news", output: 1 }], 'simulated:gpt-4o: messages[1].tool is "news", but call "call_1" was to "weather"'],
      [[{ role: "assistant", content: "", toolCalls: [{ id: "", tool: "weather", input: {} }] }], "simulated:gpt-4o: messages[0].toolCalls[0].id must be a non-empty string"],
      [[history(1)[1], { role: "tool", toolCallId: "call_1", tool: "weather" }], "simulated:gpt-4o: messages[1].output is missing (the tool's result, a JSON value)"],
      [[{ role: "robot", content: "x" }], 'simulated:gpt-4o: messages[0].role must be "system", "user", "assistant" or "tool", got "robot"'],
      [[{ role: "user", content: 3 }], "simulated:gpt-4o: messages[0].content must be a string, got number"],
    ];
    for (const [messages, message] of cases) {
      const error = await simulated().generate({ prompt: "p", messages: messages as ChatMessage[] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidMessagesError);
      expect((error as Error).message).toBe(message);
    }
  });
});

let running: Provider | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("tool turns over HTTP through the AI SDK", () => {
  it("sends the assistant's tool calls and the tool results in the OpenAI shape; the same history again is a cache hit", async () => {
    running = await startProvider(4, () => ({ answer: "Take a coat." }));
    const provider = createOpenAICompatible({ name: "local", baseURL: running.baseURL, apiKey: "k" });
    const { model, requests } = cachedRegistry(aiSdkModel(provider.chatModel("m")));
    const messages: ChatMessage[] = [
      ...history({ celsius: -5 }),
      { role: "assistant", content: "It is cold." },
      { role: "assistant", content: "", toolCalls: [{ id: "call_2", tool: "weather", input: { city: "Bergen" } }] },
      { role: "tool", toolCallId: "call_2", tool: "weather", output: "weather service down", isError: true },
    ];
    const response = await model.generate({ prompt: "So, a coat?", messages });
    expect(response.text).toBe("Take a coat.");
    expect(running.received[0]!.messages).toEqual([
      { role: "user", content: "Weather in Oslo?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: '{"celsius":-5}' },
      { role: "assistant", content: "It is cold." },
      { role: "assistant", content: null, tool_calls: [{ id: "call_2", type: "function", function: { name: "weather", arguments: '{"city":"Bergen"}' } }] },
      { role: "tool", tool_call_id: "call_2", content: "weather service down" },
      { role: "user", content: "So, a coat?" },
    ]);
    expect((await model.generate({ prompt: "So, a coat?", messages })).text).toBe("Take a coat.");
    expect(running.received).toHaveLength(1); // answered from the cache
    expect(requests).toHaveLength(1);
    await model.generate({ prompt: "So, a coat?", messages: history({ celsius: 30 }) });
    expect(running.received).toHaveLength(2); // another tool result: another key
  });

  it("an unpaired tool turn fails before any request is sent, naming the turn", async () => {
    running = await startProvider(2, () => ({ answer: "x" }));
    const provider = createOpenAICompatible({ name: "local", baseURL: running.baseURL, apiKey: "k" });
    const error = await aiSdkModel(provider.chatModel("m"))
      .generate({ prompt: "p", messages: [{ role: "tool", toolCallId: "call_1", tool: "weather", output: {} }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidMessagesError);
    expect((error as InvalidMessagesError).field).toBe("messages[0].toolCallId");
    expect(running.received).toHaveLength(0);
  });
});
