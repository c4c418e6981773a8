import { describe, expect, it } from "vitest";
import { EnsembleQuorumError, ModelRegistry, ModelServerError, UniformEnsemble, type Model } from "xcs-jit";
import { CallLog, expectSameAsEager, LogicalClock } from "../support/index.js";
import { clockOf, LoggedModel } from "../models/support.js";

/** A five-unit ensemble whose units with a seed in `failing` get a 503 (not retried) after 1 tick. */
function scenario(failing: readonly number[], minSuccesses?: number) {
  const clock = new LogicalClock();
  const log = new CallLog(clock);
  const model: Model = {
    id: "openai:gpt-4o",
    async generate(request, options) {
      await clock.sleep(1, options?.signal);
      if (failing.includes(request.seed!)) throw new ModelServerError("openai:gpt-4o", 503);
      return { text: `answer ${request.seed}`, usage: { inputTokens: 1, outputTokens: 1 }, model: "openai:gpt-4o" };
    },
  };
  const registry = new ModelRegistry();
  registry.register(new LoggedModel(model, log), { clock: clockOf(clock), retry: false });
  return { op: new UniformEnsemble({ numUnits: 5, model: "openai:gpt-4o", registry, minSuccesses }), log };
}

describe("UniformEnsemble({ minSuccesses }) tolerates failing units, visibly", () => {
  it("answers with the units that answered and lists the others, as eager does, all five in parallel", async () => {
    const { eager, compiled } = await expectSameAsEager(() => scenario([1, 3], 3), { query: "q" });
    expect(compiled.value).toEqual({
      answers: ["answer 0", "answer 2", "answer 4"],
      failures: [
        { unit: 1, message: "openai:gpt-4o: server error (503)" },
        { unit: 3, message: "openai:gpt-4o: server error (503)" },
      ],
    });
    expect(compiled.peak).toBe(5);
    expect(eager.calls).toHaveLength(5);
  });

  it("with every unit answering, failures is empty", async () => {
    const { compiled } = await expectSameAsEager(() => scenario([], 5), { query: "q" });
    expect(compiled.value).toEqual({ answers: ["answer 0", "answer 1", "answer 2", "answer 3", "answer 4"], failures: [] });
  });

  it("fewer answers than minSuccesses fail the run with every unit's error, as eager does", async () => {
    const { compiled } = await expectSameAsEager(() => scenario([0, 2], 4), { query: "q" });
    const error = compiled.error;
    expect(error).toBeInstanceOf(EnsembleQuorumError);
    expect((error as Error).message).toBe("UniformEnsemble: 3 of 5 units answered, 4 needed (minSuccesses); first failure: openai:gpt-4o: server error (503)");
    expect((error as EnsembleQuorumError).errors).toHaveLength(2);
    expect(compiled.calls).toHaveLength(5); // the others ran to their end, as Promise.allSettled
  });

  it("without minSuccesses, one failing unit fails the run, and the result has no failures field", async () => {
    const { compiled } = await expectSameAsEager(() => scenario([2]), { query: "q" });
    expect(compiled.error).toBeInstanceOf(ModelServerError);
    const { compiled: fine } = await expectSameAsEager(() => scenario([]), { query: "q" });
    expect(fine.value).toEqual({ answers: ["answer 0", "answer 1", "answer 2", "answer 3", "answer 4"] });
  });

  it.each([0, 6, 1.5])("minSuccesses %d is refused when the ensemble is made", (minSuccesses) => {
    expect(() => new UniformEnsemble({ numUnits: 5, model: "openai:gpt-4o", minSuccesses })).toThrow(
      `UniformEnsemble: minSuccesses must be an integer from 1 to the 5 units, got ${minSuccesses}`,
    );
  });
});
