/**
 * The turns of a conversation a request carries before its prompt, tool turns included: checked
 * once, the same way for every model, so a history that pairs a tool result with no call fails
 * naming the turn instead of reaching a provider that answers 400 (or a simulation that guesses).
 */
import type { ChatMessage } from "./types.js";

/** A request's `messages` are not a conversation a model can be sent; `field` says where. */
export class InvalidMessagesError extends TypeError {
  override readonly name = "InvalidMessagesError";
  constructor(
    readonly model: string,
    /** `messages[3].toolCallId` */
    readonly field: string,
    problem: string,
  ) {
    super(`${model}: ${field} ${problem}`);
  }
}

/**
 * Every turn has its role's fields; every `tool` turn answers a call an earlier assistant turn
 * made, under that call's tool name, once.
 */
export function checkMessages(model: string, messages: unknown): asserts messages is readonly ChatMessage[] | undefined {
  if (messages === undefined) return;
  if (!Array.isArray(messages)) throw new InvalidMessagesError(model, "messages", "must be an array of turns");
  const open = new Map<string, string>(); // tool call id → its tool, until a tool turn answers it
  messages.forEach((message: unknown, i) => {
    const at = `messages[${i}]`;
    if (typeof message !== "object" || message === null) throw new InvalidMessagesError(model, at, "must be an object");
    const turn = message as Record<string, unknown>;
    const text = (field: string, value: unknown) => {
      if (typeof value !== "string") throw new InvalidMessagesError(model, `${at}.${field}`, `must be a string, got ${typeof value}`);
    };
    switch (turn.role) {
      case "system":
      case "user":
        return text("content", turn.content);
      case "assistant": {
        text("content", turn.content);
        if (turn.toolCalls === undefined) return;
        if (!Array.isArray(turn.toolCalls)) throw new InvalidMessagesError(model, `${at}.toolCalls`, "must be an array of { id, tool, input }");
        turn.toolCalls.forEach((call: { id?: unknown; tool?: unknown } | null, k: number) => {
          const where = `${at}.toolCalls[${k}]`;
          if (typeof call?.id !== "string" || call.id === "") throw new InvalidMessagesError(model, `${where}.id`, "must be a non-empty string");
          if (typeof call.tool !== "string" || call.tool === "") throw new InvalidMessagesError(model, `${where}.tool`, "must be a non-empty string");
          if (open.has(call.id)) throw new InvalidMessagesError(model, `${where}.id`, `"${call.id}" is already the id of an unanswered call`);
          open.set(call.id, call.tool);
        });
        return;
      }
      case "tool": {
        text("toolCallId", turn.toolCallId);
        text("tool", turn.tool);
        const tool = open.get(turn.toolCallId as string);
        if (tool === undefined) throw new InvalidMessagesError(model, `${at}.toolCallId`, `"${String(turn.toolCallId)}" answers no earlier assistant tool call (or one already answered)`);
        if (tool !== turn.tool) throw new InvalidMessagesError(model, `${at}.tool`, `is "${String(turn.tool)}", but call "${String(turn.toolCallId)}" was to "${tool}"`);
        if (turn.output === undefined) throw new InvalidMessagesError(model, `${at}.output`, "is missing (the tool's result, a JSON value)");
        if (turn.isError !== undefined && typeof turn.isError !== "boolean") throw new InvalidMessagesError(model, `${at}.isError`, "must be a boolean");
        open.delete(turn.toolCallId as string);
        return;
      }
      default:
        throw new InvalidMessagesError(model, `${at}.role`, `must be "system", "user", "assistant" or "tool", got ${JSON.stringify(turn.role)}`);
    }
  });
}
