import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { buildGraph, meterUsage, ModelRegistry, type Clock } from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";

/** What the fake provider received, in arrival order. */
interface Received {
  readonly model: string;
  readonly temperature: number | undefined;
  readonly messages: { role: string; content: string }[];
}

/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 (random port). It answers the
 * first request with a 429 and `retry-after: 2`, then "Final Answer: 42" to prompts asking for a
 * reply format and "42" otherwise. It serves at most `maxRequests`, then 503s, so a runaway
 * client cannot loop.
 */
async function startProvider(maxRequests: number) {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(JSON.stringify(payload));
      };
      if (request.method !== "POST" || request.url !== "/v1/chat/completions") return send(404, { error: { message: "not found" } });
      if (received.length >= maxRequests) return send(503, { error: { message: "request budget spent" } });
      const parsed = JSON.parse(body) as Received;
      received.push({ model: parsed.model, temperature: parsed.temperature, messages: parsed.messages });
      if (received.length === 1) return send(429, { error: { message: "Rate limit reached", type: "rate_limit_error" } }, { "retry-after": "2" });
      const prompt = parsed.messages.at(-1)!.content;
      const content = prompt.includes("Reply in exactly this format:") ? "Reasoning: they agree.\nFinal Answer: 42" : "42";
      send(200, {
        id: `chatcmpl-${received.length}`,
        object: "chat.completion",
        created: 1_700_000_000,
        model: parsed.model,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
        usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, received, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

let running: Server | undefined;
afterEach(async () => {
  running?.closeAllConnections();
  await new Promise((resolve) => running?.close(resolve) ?? resolve(undefined));
  running = undefined;
});

describe("end to end over HTTP through @ai-sdk/openai-compatible", () => {
  it("an ensemble + judge graph runs against an OpenAI-compatible server, retrying its 429 after retry-after", async () => {
    const { server, received, baseURL } = await startProvider(20);
    running = server;
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
