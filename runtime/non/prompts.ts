/** The prompts of the operator library, in one place so their wording can be read and tuned together. */
import { replyFormat } from "../models/response-format.js";

function numbered(candidates: readonly string[]): string {
  return candidates.map((candidate, i) => `${i + 1}. ${candidate}`).join("\n");
}

export const JUDGE_FIELDS = { reasoning: "Reasoning", answer: "Final Answer" } as const;

export function judgePrompt(query: string, candidates: readonly string[]): string {
  return [
    "Several advisors answered the query below. Weigh their answers, note where they agree and",
    "where they err, and give the single best final answer.",
    "",
    `Query: ${query}`,
    "",
    "Advisor answers:",
    numbered(candidates),
    "",
    replyFormat([
      { label: JUDGE_FIELDS.reasoning, hint: "your reasoning" },
      { label: JUDGE_FIELDS.answer, hint: "the best answer" },
    ]),
  ].join("\n");
}

export const SELECTOR_FIELDS = { reasoning: "Reasoning", selected: "Selected" } as const;

export function selectorPrompt(query: string, candidates: readonly string[]): string {
  return [
    "Pick the best answer to the query below among the numbered candidates.",
    "",
    `Query: ${query}`,
    "",
    "Candidates:",
    numbered(candidates),
    "",
    replyFormat([
      { label: SELECTOR_FIELDS.reasoning, hint: "your reasoning" },
      { label: SELECTOR_FIELDS.selected, choices: candidates.map((_, i) => String(i + 1)) },
    ]),
  ].join("\n");
}

export const VERIFIER_FIELDS = { verdict: "Verdict", explanation: "Explanation", revised: "Revised Answer" } as const;
export const VERDICTS = ["correct", "incorrect"] as const;

export function verifierPrompt(query: string, answer: string): string {
  return [
    "Check whether the candidate answer to the query below is correct. If it is not, correct it;",
    "if it is, repeat it as the revised answer.",
    "",
    `Query: ${query}`,
    `Candidate answer: ${answer}`,
    "",
    replyFormat([
      { label: VERIFIER_FIELDS.verdict, choices: VERDICTS },
      { label: VERIFIER_FIELDS.explanation, hint: "why" },
      { label: VERIFIER_FIELDS.revised, hint: "the corrected answer, or the candidate answer if it is correct" },
    ]),
  ].join("\n");
}
