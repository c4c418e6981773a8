import { describe, expect, it } from "vitest";
import { ModelRegistry, ModelUnit, STREAM_HIGH_WATER_MARK, type Model } from "xcs-jit";
import { LogicalClock } from "../support/index.js";
import { clockOf } from "../models/support.js";

const PIECES = 5_000;

/** A model streaming `PIECES` pieces when asked to stream; counts the pieces it has sent. */
function chattyModel() {
  const sent = { count: 0 };
  const model: Model = {
    id: "openai:gpt-4o",
    async generate(_request, options = {}) {
      for (let i = 0; i < PIECES; i++) {
        sent.count++;
        await options.onTextDelta?.("word ");
      }
      return { text: "word ".repeat(PIECES), usage: { inputTokens: 1, outputTokens: PIECES }, model: "openai:gpt-4o" };
    },
  };
  return { model, sent };
}

describe("a slow reader slows the model's stream instead of growing a buffer", () => {
  it(`never more than ${STREAM_HIGH_WATER_MARK} pieces sent but unread, over ${PIECES} pieces`, async () => {
    const clock = new LogicalClock();
    const { model, sent } = chattyModel();
    const registry = new ModelRegistry();
    registry.register(model, { clock: clockOf(clock) });
    const stream = new ModelUnit({ model: "openai:gpt-4o", registry }).stream({ query: "talk" });
    let read = 0;
    let mostUnread = 0;
    await clock.run(async () => {
      for await (const event of stream) {
        if (event.type !== "text-delta") continue;
        read++;
        mostUnread = Math.max(mostUnread, sent.count - read);
        await clock.sleep(1); // the reader takes a tick per piece
      }
    });
    expect(read).toBe(PIECES);
    expect(mostUnread).toBeLessThanOrEqual(STREAM_HIGH_WATER_MARK);
    expect(clock.now).toBe(PIECES); // the model waited for the reader: the run took the reader's time
    expect((await stream.result).answer).toBe("word ".repeat(PIECES).trim());
  });

  it("reading only the result drops the events and never waits for a reader", async () => {
    const clock = new LogicalClock();
    const { model, sent } = chattyModel();
    const registry = new ModelRegistry();
    registry.register(model, { clock: clockOf(clock) });
    const stream = new ModelUnit({ model: "openai:gpt-4o", registry }).stream({ query: "talk" });
    expect((await clock.run(stream.result)).answer).toHaveLength(PIECES * 5 - 1);
    expect(sent.count).toBe(PIECES);
    expect(clock.now).toBe(0);
  });
});
