import { describe, expect, it } from "vitest";
import { JudgeSynthesis, ModelReplyError, SelectorJudge, Verifier, readReply } from "xcs-jit";
import { scriptedModel } from "../models/support.js";

/** An operator over a model that always replies `text`; returns the operator and the prompts it sent. */
function replying<T>(text: string, make: (model: ReturnType<typeof scriptedModel>) => T) {
  const model = scriptedModel("acme:scripted", () => text);
  return { op: make(model), model };
}

describe("reading replies", () => {
  it("fields run to the next label, match case-insensitively and tolerate markdown emphasis", () => {
    const text = "**Reasoning:** first line\nsecond line\n## final answer: 42\n";
    expect(readReply(text, ["Reasoning", "Final Answer"])).toEqual({ Reasoning: "first line\nsecond line", "Final Answer": "42" });
    expect(readReply("no labels here", ["Reasoning"])).toEqual({});
  });
});

describe("JudgeSynthesis", () => {
  it("returns the final answer and its reasoning, and shows the model every candidate", async () => {
    const { op, model } = replying("Reasoning: two of three agree.\nFinal Answer: Rayleigh scattering", (m) => new JudgeSynthesis({ model: m }));
    const result = await op.invoke({ query: "Why is the sky blue?", candidates: ["Rayleigh scattering", "Ocean reflection", "Rayleigh scattering"] });
    expect(result).toEqual({ answer: "Rayleigh scattering", reasoning: "two of three agree." });
    expect(model.calls[0]!.prompt).toContain("Query: Why is the sky blue?");
    expect(model.calls[0]!.prompt).toContain("1. Rayleigh scattering\n2. Ocean reflection\n3. Rayleigh scattering");
  });

  it("a reply without a Final Answer line is the answer itself", async () => {
    const { op } = replying("  Rayleigh scattering.  ", (m) => new JudgeSynthesis({ model: m }));
    expect(await op.invoke({ query: "q", candidates: ["a"] })).toEqual({ answer: "Rayleigh scattering.", reasoning: "" });
  });
});

describe("SelectorJudge", () => {
  it("maps the 1-based choice to the candidate", async () => {
    const { op } = replying("Reasoning: the second is right.\nSelected: 2", (m) => new SelectorJudge({ model: m }));
    expect(await op.invoke({ query: "q", candidates: ["a", "b", "c"] })).toEqual({ answer: "b", index: 1, reasoning: "the second is right." });
  });

  it.each(["Selected: 4", "Selected: none", "I like the first one"])("a reply that selects no candidate (%j) is a ModelReplyError", async (text) => {
    const { op } = replying(text, (m) => new SelectorJudge({ model: m }));
    const error = await op.invoke({ query: "q", candidates: ["a", "b", "c"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelReplyError);
    expect((error as Error).message).toBe(
      `SelectorJudge: the model's reply does not select a candidate number from 1 to 3 (field "Selected"); reply was: ${JSON.stringify(text)}`,
    );
  });
});

describe("Verifier", () => {
  it("reads verdict, explanation and revised answer", async () => {
    const { op, model } = replying("Verdict: **Incorrect**\nExplanation: off by one.\nRevised Answer: 42", (m) => new Verifier({ model: m }));
    expect(await op.invoke({ query: "six times seven?", answer: "41" })).toEqual({ verdict: "incorrect", explanation: "off by one.", revisedAnswer: "42" });
    expect(model.calls[0]!.prompt).toContain("Candidate answer: 41");
  });

  it("a missing revised answer keeps the answer checked; a missing verdict is an error", async () => {
    const { op } = replying("Verdict: correct", (m) => new Verifier({ model: m }));
    expect(await op.invoke({ query: "q", answer: "42" })).toEqual({ verdict: "correct", explanation: "", revisedAnswer: "42" });
    const { op: unsure } = replying("Verdict: maybe\nExplanation: hard to say", (m) => new Verifier({ model: m }));
    await expect(unsure.invoke({ query: "q", answer: "42" })).rejects.toThrow(
      'Verifier: the model\'s reply gives no verdict (correct or incorrect) (field "Verdict")',
    );
  });
});
