import { Operator, operatorName } from "../operator.js";

/** The name a transform gives the operator it returns: `vmap(Answer)`. */
export function transformName(transform: string, ...ops: Operator<any, any>[]): string {
  return `${transform}(${ops.map((op) => operatorName(op)).join(", ")})`;
}

/** Checks that `value` is an operator, naming the transform and the position when not. */
export function checkOperator(transform: string, value: unknown, position?: number): asserts value is Operator<any, any> {
  if (!(value instanceof Operator) && typeof (value as { invoke?: unknown } | null)?.invoke !== "function") {
    const where = position === undefined ? "" : ` (argument ${position + 1})`;
    throw new TypeError(`${transform}: expected an operator${where}, got ${value === null ? "null" : typeof value}`);
  }
}

/** A positive integer option, or undefined. */
export function checkCount(transform: string, option: string, value: unknown): void {
  if (value === undefined || value === Infinity) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${transform}: option "${option}" must be a positive integer, got ${String(value)}`);
  }
}
