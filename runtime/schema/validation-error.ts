import type { StandardSchemaV1 } from "@standard-schema/spec";

type Issue = StandardSchemaV1.Issue;

/**
 * A value an operator received or produced did not satisfy its `static spec`.
 * The message names the operator and every offending field; `issues` keeps the schema's own
 * issues untouched for programs that want to inspect them.
 */
export abstract class ValidationError extends Error {
  /** Field paths as written in the message (`query`, `items[2].name`, `(root)`), one per issue. */
  readonly fields: readonly string[];

  constructor(
    readonly operator: string,
    readonly issues: readonly Issue[],
    readonly side: "input" | "output",
  ) {
    const fields = issues.map((issue) => formatIssuePath(issue.path));
    super(describe(operator, side, issues, fields));
    this.fields = fields;
  }
}

export class InputValidationError extends ValidationError {
  override readonly name = "InputValidationError";
  constructor(operator: string, issues: readonly Issue[]) {
    super(operator, issues, "input");
  }
}

export class OutputValidationError extends ValidationError {
  override readonly name = "OutputValidationError";
  constructor(operator: string, issues: readonly Issue[]) {
    super(operator, issues, "output");
  }
}

function describe(
  operator: string,
  side: "input" | "output",
  issues: readonly Issue[],
  fields: readonly string[],
): string {
  const head = `${operator}: invalid ${side}`;
  if (issues.length === 1) return `${head} at ${fields[0]}: ${issues[0]!.message}`;
  const lines = issues.map((issue, i) => `  - ${fields[i]}: ${issue.message}`);
  return `${head} (${issues.length} issues)\n${lines.join("\n")}`;
}

/** `["items", 2, "name"]` → `items[2].name`; an empty or missing path is the whole value. */
export function formatIssuePath(path: Issue["path"]): string {
  if (!path || path.length === 0) return "(root)";
  let text = "";
  for (const segment of path) {
    const key = typeof segment === "object" && segment !== null ? segment.key : segment;
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text;
}
