/** A model's reply lacks what the operator asked for, so no typed result can be made from it. */
export class ModelReplyError extends Error {
  override readonly name = "ModelReplyError";
  constructor(
    readonly operator: string,
    readonly field: string,
    problem: string,
    readonly reply: string,
  ) {
    super(`${operator}: the model's reply ${problem} (field "${field}"); reply was: ${excerpt(reply)}`);
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > 200 ? flat.slice(0, 200) + "…" : flat);
}
