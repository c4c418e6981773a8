/** A compact graph spec that cannot be built; the message names the entry and where it is. */
export class GraphSpecError extends Error {
  override readonly name = "GraphSpecError";
  constructor(
    /** Where the entry is: `[1]`, `[2][0]`, `$verify[1]`. */
    readonly at: string,
    /** The entry as written. */
    readonly entry: unknown,
    readonly problem: string,
  ) {
    super(`buildGraph: bad entry ${show(entry)} at ${at}: ${problem}`);
  }
}

function show(entry: unknown): string {
  if (typeof entry === "string") return JSON.stringify(entry);
  try {
    return JSON.stringify(entry) ?? String(entry);
  } catch {
    return String(entry);
  }
}
