import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterEach, describe, expect, it } from "vitest";
import { buildGraph, meterUsage, ModelRegistry, type Clock } from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { startProvider, type Provider, type Received, type Reply } from "./openai-server.js";

let running: Provider | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/**
 * The first request gets a 429 with `retry-after: 2`, then "Final Answer: 42" to prompts asking
 * for a reply format and "42" otherwise.
 */
function judgeScript(n: number, request: Received): Reply {
  if (n === 0) return { status: 429, headers: { "retry-after": "2" } };
  const prompt = request.messages.at(-1)!.content ?? "";
  return { answer: prompt.includes("Reply in exactly this format:") ? "Reasoning: they agree.\nFinal Answer: 42" : "42" };
}

describe("end to end over HTTP through @ai-sdk/openai-compatible", () => {
  it("an ensemble + judge graph runs against an OpenAI-compatible server, retrying its 429 after retry-after", async () => {
    running = await startProvider(20, judgeScript);
    const { received, baseURL } = running;
    // Waits are recorded, not slept: the test checks the wait asked for, and never sleeps 2 s.
    // (A clock whose sleeps end at once would end every timeout at once: the timeout is off.)
    const waits: number[] = [];
    const clock: Clock = { now: () => 0, sleep: async (ms) => void waits.push(ms) };
    const provider = createOpenAICompatible({ name: "local", baseURL, apiKey: "test-key" });
    const registry = new ModelRegistry();
    registry.register(aiSdkModel(provider.chatModel("test-model")), { maxConcurrency: 2, clock, timeoutMs: Infinity });

    const graph = buildGraph(["3:E:local:test-model:0.5", "1:J:local:test-model:0.0"], { registry });
    const { result, usage } = await meterUsage(() => graph.invoke({ query: "What is six times seven?" }));

    expect(result).toEqual({ answer: "42", answers: ["42"] });
    expect(received).toHaveLength(5); // one 429, three units, one judge
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    expect(received.every((r) => r.model === "test-model")).toBe(true);
    expect(received.slice(0, 4).map((r) => r.temperature)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(received.slice(0, 4).map((r) => r.messages)).toEqual(Array(4).fill([{ role: "user", content: "What is six times seven?" }]));
    const judge = received[4]!;
    expect(judge.temperature).toBe(0);
    expect(judge.messages[0]!.content).toContain("Advisor answers:\n1. 42\n2. 42\n3. 42");
    expect(usage.byModel["local:test-model"]).toMatchObject({ requests: 4, retries: 1, inputTokens: 44, outputTokens: 8, failures: 0 });
  });
});

describe("streaming over HTTP (server-sent events) through @ai-sdk/openai-compatible", () => {
  it("op.stream shows the units' progress and the judge's answer piece by piece, and resolves what invoke does", async () => {
    running = await startProvider(20, (n, request) => judgeScript(n + 1, request)); // no 429 here
    const provider = createOpenAICompatible({ name: "local", baseURL: running.baseURL, apiKey: "test-key", includeUsage: true });
    const registry = new ModelRegistry();
    registry.register(aiSdkModel(provider.chatModel("test-model")));
    const graph = buildGraph(["3:E:local:test-model:0.5", "1:J:local:test-model:0.0"], { registry });

    const stream = graph.stream({ query: "What is six times seven?" });
    const events = [];
    for await (const event of stream) events.push(event);
    const streamed = running.received.splice(0);
    const invoked = await graph.invoke({ query: "What is six times seven?" });
    expect(await stream.result).toEqual(invoked);
    expect(streamed.every((r) => r.stream)).toBe(true);
    expect(running.received.every((r) => !r.stream)).toBe(true); // invoke does not ask to stream

    const judgeText = events.flatMap((e) => (e.type === "text-delta" && e.path === "J1.0" ? [e.delta] : [])).join("");
    expect(judgeText).toBe("Reasoning: they agree.\nFinal Answer: 42");
    const units = events.filter((e) => e.type === "node-finished" && e.path.startsWith("E0/units."));
    expect(units).toHaveLength(3);
    for (const unit of units) expect(unit.type === "node-finished" && unit.usage).toMatchObject({ requests: 1, inputTokens: 11, outputTokens: 2 });
    expect(events.at(-1)).toMatchObject({ type: "output", value: invoked });
  });
});
