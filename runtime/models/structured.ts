/**
 * Structured output: a model's answer read as JSON and checked against the request's Standard
 * Schema (zod, valibot, arktype…). A reply that does not fit fails with an error naming the model
 * and where in the value it went wrong, never as an untyped object passed on.
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";

/** The model's answer is not JSON, or not JSON the output schema accepts. */
export class StructuredOutputError extends Error {
  override readonly name = "StructuredOutputError";
  constructor(
    readonly model: string,
    /** Where in the value: `(root)`, `tags[1]`, `author.name`. */
    readonly path: string,
    readonly problem: string,
    readonly text: string,
  ) {
    super(`${model}: the answer does not fit the output schema at ${path}: ${problem}`);
  }
}

/** The answer `text` parsed and validated against `schema`: the schema's output value. */
export async function readStructured(model: string, schema: StandardSchemaV1, text: string): Promise<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StructuredOutputError(model, "(root)", `the answer is not JSON: ${JSON.stringify(text.slice(0, 80))}`, text);
  }
  const result = await schema["~standard"].validate(value);
  if (!result.issues) return result.value;
  const issue = result.issues[0]!;
  throw new StructuredOutputError(model, pathText(issue.path), issue.message, text);
}

function pathText(path: StandardSchemaV1.Issue["path"]): string {
  if (!path || path.length === 0) return "(root)";
  let text = "";
  for (const part of path) {
    const key = typeof part === "object" ? part.key : part;
    text += typeof key === "number" ? `[${key}]` : text === "" ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** A JSON Schema object, as Standard JSON Schema converters produce. */
export type JsonSchema = Record<string, unknown>;

/**
 * The schema's JSON Schema, from its Standard JSON Schema converter (zod 4, and others that have
 * one): what a provider's `response_format` and the simulated model need.
 */
export function jsonSchemaOf(schema: StandardSchemaV1): JsonSchema | undefined {
  const converter = (schema["~standard"] as { jsonSchema?: { output(options: { target: string }): JsonSchema } }).jsonSchema;
  return converter?.output({ target: "draft-2020-12" });
}
