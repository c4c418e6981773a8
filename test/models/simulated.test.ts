import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModelTimeoutError, RateLimitError, SimulatedModel, countTokens, replyFormat, requestedFields, type ModelRequest } from "xcs-jit";
import { LogicalClock } from "../support/index.js";
import { clockOf } from "./support.js";

/** Runs one call on a fresh logical clock; returns the response (or error) and the ticks it took. */
async function timed(make: (clock: LogicalClock) => SimulatedModel, request: ModelRequest) {
  const clock = new LogicalClock();
  const model = make(clock);
  const response = await clock.run(model.generate(request));
  return { response, ticks: clock.now };
}

const requests = fc.record({
  prompt: fc.string({ maxLength: 200 }),
  temperature: fc.double({ min: 0, max: 2, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1_000 }),
});

describe("SimulatedModel: determinism", () => {
  it("answers, usage and latency are functions of the model seed and the request", async () => {
    await fc.assert(
      fc.asyncProperty(requests, fc.integer({ min: 0, max: 50 }), async (request, seed) => {
        const make = (clock: LogicalClock) => new SimulatedModel({ id: "simulated:gpt-4o", seed, clock: clockOf(clock) });
        const first = await timed(make, request);
        const second = await timed(make, request);
        expect(second).toEqual(first);
        expect(first.ticks).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it("at temperature 0 every sampling seed gives the modal answer; at high temperature seeds disagree", async () => {
    const model = new SimulatedModel({ latency: { fixedMs: 0 } });
    const answers = async (temperature: number) =>
      new Set(
        await Promise.all(
          Array.from({ length: 20 }, (_, seed) => model.generate({ prompt: "Why is the sky blue?", temperature, seed }).then((r) => r.text)),
        ),
      );
    expect((await answers(0)).size).toBe(1);
    const hot = await answers(1.5);
    expect(hot.size).toBeGreaterThan(1);
    expect(hot.size).toBeLessThanOrEqual(4); // `variants` defaults to 4
  });

  it("different model seeds are different models", async () => {
    const prompts = Array.from({ length: 20 }, (_, i) => `question ${i}`);
    const answer = (seed: number, prompt: string) => new SimulatedModel({ seed, latency: { fixedMs: 0 } }).generate({ prompt }).then((r) => r.text);
    const differing = await Promise.all(prompts.map(async (p) => (await answer(1, p)) !== (await answer(2, p))));
    expect(differing.filter(Boolean).length).toBeGreaterThan(10);
  });

  it("reports token usage at about four characters per token", async () => {
    const request = { prompt: "x".repeat(41), system: "y".repeat(8) };
    const { text, usage } = await new SimulatedModel({ latency: { fixedMs: 0 } }).generate(request);
    expect(usage).toEqual({ inputTokens: 13, outputTokens: countTokens(text) });
    expect(countTokens(text)).toBe(Math.ceil(text.length / 4));
  });

  it("fills every field a reply-format block asks for, choices from their list", async () => {
    const prompt = `Judge this.\n${replyFormat([{ label: "Verdict", choices: ["correct", "incorrect"] }, { label: "Explanation" }, { label: "Final Answer" }])}`;
    expect(requestedFields(prompt).map((f) => f.label)).toEqual(["Verdict", "Explanation", "Final Answer"]);
    const model = new SimulatedModel({ latency: { fixedMs: 0 } });
    for (let seed = 0; seed < 10; seed++) {
      const lines = (await model.generate({ prompt, seed })).text.split("\n");
      expect(lines).toHaveLength(3);
      expect(["Verdict: correct", "Verdict: incorrect"]).toContain(lines[0]);
      expect(lines[1]).toMatch(/^Explanation: \S/);
      expect(lines[2]).toMatch(/^Final Answer: \S/);
    }
  });
});

describe("SimulatedModel: latency", () => {
  it("a fixed latency takes exactly that many ticks", async () => {
    const { ticks } = await timed((clock) => new SimulatedModel({ latency: { fixedMs: 37 }, clock: clockOf(clock) }), { prompt: "hi" });
    expect(ticks).toBe(37);
  });

  it("with no spread, latency is time to first token plus output tokens times time per token", async () => {
    const make = (clock: LogicalClock) =>
      new SimulatedModel({ latency: { ttftMs: 400, msPerToken: 10, sigma: 0 }, clock: clockOf(clock) });
    const { response, ticks } = await timed(make, { prompt: "Why is the sky blue?" });
    expect(ticks).toBeCloseTo(400 + 10 * response.usage.outputTokens, 6);
  });

  it("the spread is log-normal: the median is the profile's and log-latency has deviation sigma", async () => {
    const model = (clock: LogicalClock) => new SimulatedModel({ latency: { ttftMs: 500, msPerToken: 0, sigma: 0.4 }, clock: clockOf(clock) });
    const samples: number[] = [];
    for (let i = 0; i < 2000; i++) samples.push((await timed(model, { prompt: `q${i}` })).ticks);
    const logs = samples.map(Math.log).sort((a, b) => a - b);
    const median = Math.exp(logs[1000]!);
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    expect(median).toBeGreaterThan(500 * 0.95);
    expect(median).toBeLessThan(500 * 1.05);
    expect(sd).toBeGreaterThan(0.4 * 0.9);
    expect(sd).toBeLessThan(0.4 * 1.1);
  });

  it("aborting during the latency rejects at once with the signal's reason", async () => {
    const clock = new LogicalClock();
    const model = new SimulatedModel({ latency: { fixedMs: 100 }, clock: clockOf(clock) });
    const controller = new AbortController();
    const reason = new Error("stop");
    const call = model.generate({ prompt: "hi" }, { signal: controller.signal });
    const aborter = clock.sleep(10).then(() => controller.abort(reason));
    await expect(clock.run(Promise.all([call, aborter]))).rejects.toBe(reason);
    expect(clock.now).toBe(10);
  });
});

describe("SimulatedModel: failure injection", () => {
  const distinct = Array.from({ length: 1000 }, (_, i) => ({ prompt: `question ${i}` }));
  const outcome = (model: SimulatedModel, request: ModelRequest) =>
    model.generate(request).then(
      () => "ok",
      (error: Error) => error.name,
    );

  it("fails at the given rates, on the same requests for the same seed", async () => {
    const make = () => new SimulatedModel({ latency: { fixedMs: 0 }, failures: { rateLimit: 0.2, timeout: 0.1, timeoutMs: 0 } });
    const first = await Promise.all(distinct.map((r) => outcome(make(), r)));
    const second = await Promise.all(distinct.map((r) => outcome(make(), r)));
    expect(second).toEqual(first);
    const share = (name: string) => first.filter((o) => o === name).length / first.length;
    expect(share("RateLimitError")).toBeGreaterThan(0.16);
    expect(share("RateLimitError")).toBeLessThan(0.24);
    expect(share("ModelTimeoutError")).toBeGreaterThan(0.07);
    expect(share("ModelTimeoutError")).toBeLessThan(0.13);
  });

  it("draws again for each attempt of the same request, reproducibly", async () => {
    const attempts = async () => {
      const model = new SimulatedModel({ latency: { fixedMs: 0 }, failures: { rateLimit: 0.5 } });
      const outcomes: string[] = [];
      for (let i = 0; i < 40; i++) outcomes.push(await outcome(model, { prompt: "same" }));
      return outcomes;
    };
    const first = await attempts();
    expect(first).toContain("ok");
    expect(first).toContain("RateLimitError");
    expect(await attempts()).toEqual(first);
  });

  it("a 429 carries its retry-after; a timeout fails after timeoutMs", async () => {
    const limited = new SimulatedModel({ failures: { rateLimit: 1, retryAfterMs: 1234 } });
    const error = await limited.generate({ prompt: "hi" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1234, model: "simulated:model" });

    const clock = new LogicalClock();
    const slow = new SimulatedModel({ failures: { timeout: 1, timeoutMs: 5000 }, clock: clockOf(clock) });
    await expect(clock.run(slow.generate({ prompt: "hi" }))).rejects.toBeInstanceOf(ModelTimeoutError);
    expect(clock.now).toBe(5000);
  });

  it("rejects rates outside [0, 1]", () => {
    expect(() => new SimulatedModel({ failures: { rateLimit: 1.5 } })).toThrow("failures.rateLimit must be between 0 and 1, got 1.5");
  });
});
