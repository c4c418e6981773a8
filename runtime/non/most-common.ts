import { Operator } from "../operator.js";
import { array, number, object, string, type Infer } from "./schema.js";

const input = object({ candidates: array(string(), { minLength: 1 }) });
const output = object({ answer: string(), count: number({ integer: true, min: 1 }) });
export type MostCommonInput = Infer<typeof input>;
export type MostCommonOutput = Infer<typeof output>;

/**
 * Majority vote. Candidates are compared exactly (the same string is the same vote). Ties go to
 * the answer that appears first in `candidates` — the rule of Python's `Counter.most_common`,
 * which the original used — so the result depends only on the list, never on timing: an
 * ensemble's answers arrive in unit order whatever order the units finished in.
 */
export class MostCommon extends Operator<MostCommonInput, MostCommonOutput> {
  static override spec = { input, output };

  forward(inputs: MostCommonInput): MostCommonOutput {
    const counts = new Map<string, number>();
    for (const candidate of inputs.candidates) counts.set(candidate, (counts.get(candidate) ?? 0) + 1);
    // A Map iterates in first-appearance order, and only a strictly larger count replaces the
    // leader, so among tied answers the earliest wins.
    let answer = inputs.candidates[0]!;
    let best = 0;
    for (const [candidate, count] of counts) if (count > best) [answer, best] = [candidate, count];
    return { answer, count: best };
  }
}
