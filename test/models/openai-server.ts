/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 (random port) for end-to-end tests
 * through the AI SDK. Each request gets the reply `script` picks for it: an answer (as server-sent
 * events, one chunk per word, when the request asks to stream), an HTTP error
 * status (429 with `retry-after`, 5xx, 400), a connection reset, or a hang (no reply until the
 * client gives up). It serves at most `maxRequests`, then 503s, so a runaway client cannot loop,
 * and `close()` drops every connection, hung ones included.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake provider received, in arrival order. */
export interface Received {
  readonly model: string;
  readonly temperature: number | undefined;
  readonly messages: {
    role: string;
    content: string | null;
    tool_call_id?: string;
    tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  }[];
  readonly stream?: boolean;
  /** The request's `response_format`, when it asks for JSON. */
  readonly response_format?: { type: string; json_schema?: { schema?: unknown } };
}

export type Reply =
  | { readonly answer: string }
  /** The assistant asks for a tool call (`finish_reason: "tool_calls"`), `args` as JSON text. */
  | { readonly toolCall: { readonly name: string; readonly args: string } }
  | { readonly status: number; readonly headers?: Record<string, string> }
  | "reset"
  | "hang";

export interface Provider {
  readonly received: Received[];
  readonly baseURL: string;
  close(): Promise<void>;
}

/** `script(n, request)`: the reply to request number `n` (0-based). */
export async function startProvider(maxRequests: number, script: (n: number, request: Received) => Reply): Promise<Provider> {
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
      const entry = { model: parsed.model, temperature: parsed.temperature, messages: parsed.messages, stream: parsed.stream === true, response_format: parsed.response_format };
      received.push(entry);
      const reply = script(received.length - 1, entry);
      if (reply === "hang") return;
      if (reply === "reset") return request.socket.destroy();
      if ("status" in reply) return send(reply.status, { error: { message: `status ${reply.status}` } }, reply.headers);
      if ("toolCall" in reply) {
        const call = { id: `call_${received.length}`, type: "function", function: { name: reply.toolCall.name, arguments: reply.toolCall.args } };
        return send(200, {
          id: `chatcmpl-${received.length}`,
          object: "chat.completion",
          created: 1_700_000_000,
          model: parsed.model,
          choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [call] }, finish_reason: "tool_calls" }],
          usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
        });
      }
      if (entry.stream) return sendEvents(response, parsed.model, reply.answer);
      send(200, {
        id: `chatcmpl-${received.length}`,
        object: "chat.completion",
        created: 1_700_000_000,
        model: parsed.model,
        choices: [{ index: 0, message: { role: "assistant", content: reply.answer }, finish_reason: "stop" }],
        usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    received,
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The answer as chat.completion.chunk events, a word per chunk, then the usage and `[DONE]`. */
function sendEvents(response: ServerResponse, model: string, answer: string): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (delta: object, finish: string | null, usage?: object) =>
    `data: ${JSON.stringify({ id: "chatcmpl-s", object: "chat.completion.chunk", created: 1_700_000_000, model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage && { usage }) })}\n\n`;
  response.write(chunk({ role: "assistant", content: "" }, null));
  for (const piece of answer.match(/\s*\S+/g) ?? []) response.write(chunk({ content: piece }, null));
  response.write(chunk({}, "stop", { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 }));
  response.end("data: [DONE]\n\n");
}
