import { GraphSpecError } from "./spec-error.js";

/**
 * The largest count one entry may ask for. Specs are user input (a config file, a request): a
 * count is work the build does at once (one operator per unit), so `"100000000:E:gpt-4o:0.7"` is
 * refused here, naming the entry, instead of running out of memory.
 */
export const MAX_ENTRY_COUNT = 1_000;

/** `count:code[:model[:temperature]]`, parsed. */
export interface ParsedEntry {
  readonly count: number;
  readonly code: string;
  readonly model?: string;
  readonly temperature?: number;
}

/**
 * Splits an entry like `"101:E:gpt-4o:0.7"`. The count and code are the first two fields; with
 * two or more fields after them the last is the temperature and the rest the model, so a model
 * name may hold colons (`"3:E:openai:gpt-4o:0.7"`) when the temperature is written; with one, it
 * is the model (`"1:J:gpt-4o"`, temperature left to the operator's default).
 */
export function parseEntry(entry: string, at: string): ParsedEntry {
  const fail = (problem: string) => new GraphSpecError(at, entry, problem);
  const fields = entry.split(":").map((field) => field.trim());
  if (fields.length < 2 || fields[1] === "") {
    throw fail('expected "count:code:model:temperature", e.g. "3:E:gpt-4o:0.7"');
  }
  const [countText, code, ...rest] = fields as [string, string, ...string[]];
  const count = /^\d+$/.test(countText) ? Number(countText) : Number.NaN;
  if (!(count >= 1)) throw fail(`count ${JSON.stringify(countText)} is not a positive integer`);
  if (count > MAX_ENTRY_COUNT) throw fail(`count ${countText} is over the ceiling of ${MAX_ENTRY_COUNT} per entry`);
  let temperature: number | undefined;
  if (rest.length >= 2) {
    const text = rest.pop()!;
    temperature = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    if (!(temperature <= 2)) throw fail(`temperature ${JSON.stringify(text)} is not a number in [0, 2]`);
  }
  const model = rest.join(":");
  if (rest.length > 0 && (model === "" || rest.some((part) => part === ""))) throw fail("the model name is empty");
  return { count, code, model: model === "" ? undefined : model, temperature };
}

