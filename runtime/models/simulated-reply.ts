import { hashKey, randomStream } from "./random.js";
import { requestedFields, type ReplyField } from "./response-format.js";
import type { ModelRequest } from "./types.js";

/**
 * What the simulated model says: a pure function of the model's seed and the request.
 *
 * A plain prompt gets a short answer. Several seeds at temperature 0 all give the prompt's modal
 * answer; as temperature rises, more seeds pick one of `variants - 1` alternatives (the modal
 * answer keeps probability 1 / (1 + 2·temperature)), so majority votes have something to do.
 * A prompt with a reply-format block (see `response-format.ts`) gets every field it asks for:
 * a choice field picks one of its choices, a field whose label ends in "Answer" carries the
 * answer, any other field a sentence about it.
 */
export function simulatedReply(modelKey: string, request: ModelRequest, variants: number): string {
  const answer = simulatedAnswer(modelKey, request, variants);
  const fields = requestedFields(request.prompt);
  if (fields.length === 0) return answer;
  return fields.map((field) => `${field.label}: ${fieldValue(modelKey, request, field, answer)}`).join("\n");
}

function simulatedAnswer(modelKey: string, request: ModelRequest, variants: number): string {
  const temperature = request.temperature ?? 0;
  const draw = randomStream(hashKey(modelKey, "answer", request.prompt, temperature, request.seed ?? 0))();
  const modal = 1 / (1 + 2 * temperature);
  const variant =
    draw < modal || variants < 2 ? 0 : 1 + Math.min(variants - 2, Math.floor(((draw - modal) / (1 - modal)) * (variants - 1)));
  return phrase(hashKey(modelKey, request.prompt, variant));
}

function fieldValue(modelKey: string, request: ModelRequest, field: ReplyField, answer: string): string {
  if (field.choices && field.choices.length > 0) {
    const pick = hashKey(modelKey, "choice", field.label, request.prompt, request.seed ?? 0);
    return field.choices[pick % field.choices.length]!;
  }
  if (/answer$/i.test(field.label)) return answer;
  return `The ${field.label.toLowerCase()} supporting "${answer}".`;
}

const WORDS = [
  "amber", "basalt", "cedar", "delta", "ember", "fjord", "garnet", "harbor",
  "indigo", "juniper", "kestrel", "lumen", "meadow", "nimbus", "onyx", "prism",
];

/** Three words from a hash, readable in examples and distinct enough for votes. */
function phrase(hash: number): string {
  return `${WORDS[hash & 15]} ${WORDS[(hash >>> 4) & 15]} ${WORDS[(hash >>> 8) & 15]}`;
}
