import type { StandardSchemaV1 } from "@standard-schema/spec";
import { InputValidationError, OutputValidationError, type ValidationError } from "./validation-error.js";

type Result = StandardSchemaV1.Result<unknown>;
type ErrorClass = new (operator: string, issues: readonly StandardSchemaV1.Issue[]) => ValidationError;

/**
 * Validates an operator's input. Returns the schema's output value (so defaults and coercions
 * apply) synchronously when the schema is synchronous, and a Promise only when it is not.
 */
export function validateInput(operator: string, schema: StandardSchemaV1, value: unknown): unknown {
  return check(operator, schema, value, InputValidationError);
}

/** Validates an operator's output; see `validateInput`. */
export function validateOutput(operator: string, schema: StandardSchemaV1, value: unknown): unknown {
  return check(operator, schema, value, OutputValidationError);
}

function check(operator: string, schema: StandardSchemaV1, value: unknown, Failure: ErrorClass): unknown {
  const result = schema["~standard"].validate(value);
  if (result instanceof Promise) return result.then((settled) => unwrap(operator, settled, Failure));
  return unwrap(operator, result, Failure);
}

function unwrap(operator: string, result: Result, Failure: ErrorClass): unknown {
  if (result.issues) throw new Failure(operator, result.issues);
  return result.value;
}
