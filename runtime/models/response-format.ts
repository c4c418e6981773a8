/**
 * The reply format the operator library asks models for: one `Label: value` line per field.
 * It lives with the models because the simulated model honours it too, so the library's parsers
 * get well-formed replies without a network.
 *
 *     Reply in exactly this format:
 *     Verdict: <one of: correct | incorrect>
 *     Explanation: <why>
 */
export interface ReplyField {
  readonly label: string;
  /** Free text describing the value, or the allowed values when `choices` is set. */
  readonly hint?: string;
  readonly choices?: readonly string[];
}

const HEADER = "Reply in exactly this format:";
const CHOICES_PREFIX = "one of: ";

export function replyFormat(fields: readonly ReplyField[]): string {
  const lines = fields.map((field) => {
    const hint = field.choices ? CHOICES_PREFIX + field.choices.join(" | ") : (field.hint ?? field.label.toLowerCase());
    return `${field.label}: <${hint}>`;
  });
  return [HEADER, ...lines].join("\n");
}

/** The fields a prompt asks for, read back from its format block (none when it has no block). */
export function requestedFields(prompt: string): ReplyField[] {
  const start = prompt.lastIndexOf(HEADER);
  if (start < 0) return [];
  const fields: ReplyField[] = [];
  for (const line of prompt.slice(start + HEADER.length).split("\n")) {
    const match = /^([^:<>\n]+):\s*<(.*)>\s*$/.exec(line.trim());
    if (!match) continue;
    const [, label, hint] = match as unknown as [string, string, string];
    fields.push(
      hint.startsWith(CHOICES_PREFIX)
        ? { label: label.trim(), choices: hint.slice(CHOICES_PREFIX.length).split(" | ").map((c) => c.trim()) }
        : { label: label.trim(), hint },
    );
  }
  return fields;
}

/**
 * Reads `Label: value` fields from a reply. A field runs until the next known label, so values may
 * span lines. Labels match case-insensitively; a label the reply lacks is absent from the result.
 */
export function readReply(text: string, labels: readonly string[]): Partial<Record<string, string>> {
  const byLowerLabel = new Map(labels.map((label) => [label.toLowerCase(), label]));
  const found: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    const label = colon > 0 ? byLowerLabel.get(line.slice(0, colon).trim().replace(/^[*#\s]+|[*\s]+$/g, "").toLowerCase()) : undefined;
    if (label !== undefined) {
      // `**Label:** value`: the closing emphasis belongs to the label, not the value.
      current = found[label] = [line.slice(colon + 1).replace(/^\*+/, "")];
    } else if (current) {
      current.push(line);
    }
  }
  const result: Partial<Record<string, string>> = {};
  for (const [label, lines] of Object.entries(found)) result[label] = lines.join("\n").trim();
  return result;
}
