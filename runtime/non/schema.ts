/**
 * Tiny Standard Schema builders for the operator library's specs. The runtime may not depend on
 * zod (a dev dependency only), and these few shapes are all the library needs. Validation never
 * copies: a valid value is returned as it came, and unknown object keys are allowed, so an operator
 * can be fed a richer object than it reads.
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";

type Issue = StandardSchemaV1.Issue;
type Path = readonly PropertyKey[];

export interface Schema<T> extends StandardSchemaV1<T, T> {
  /** Pushes an issue for every problem found in `value` at `path`. */
  readonly check: (value: unknown, path: Path, issues: Issue[]) => void;
  /** Whether an object field with this schema may be absent. */
  readonly optional?: boolean;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function schema<T>(check: Schema<T>["check"], optional = false): Schema<T> {
  return {
    check,
    optional,
    "~standard": {
      version: 1,
      vendor: "xcs-jit",
      validate(value) {
        const issues: Issue[] = [];
        check(value, [], issues);
        return issues.length > 0 ? { issues } : { value: value as T };
      },
    },
  };
}

export function string(options: { nonEmpty?: boolean } = {}): Schema<string> {
  return schema((value, path, issues) => {
    if (typeof value !== "string") issues.push({ message: `expected a string, got ${describe(value)}`, path });
    else if (options.nonEmpty && value.trim() === "") issues.push({ message: "expected a non-empty string", path });
  });
}

export function number(options: { integer?: boolean; min?: number; max?: number } = {}): Schema<number> {
  return schema((value, path, issues) => {
    if (typeof value !== "number" || Number.isNaN(value)) {
      issues.push({ message: `expected a number, got ${describe(value)}`, path });
    } else if (options.integer && !Number.isInteger(value)) {
      issues.push({ message: `expected an integer, got ${value}`, path });
    } else if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      issues.push({ message: `expected a number in [${options.min ?? "-∞"}, ${options.max ?? "∞"}], got ${value}`, path });
    }
  });
}

export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return schema((value, path, issues) => {
    if (!values.includes(value as T)) {
      issues.push({ message: `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(value)}`, path });
    }
  });
}

export function array<T>(item: Schema<T>, options: { minLength?: number } = {}): Schema<T[]> {
  return schema((value, path, issues) => {
    if (!Array.isArray(value)) return void issues.push({ message: `expected an array, got ${describe(value)}`, path });
    if (options.minLength !== undefined && value.length < options.minLength) {
      issues.push({ message: `expected at least ${options.minLength} item(s), got ${value.length}`, path });
    }
    value.forEach((element, index) => item.check(element, [...path, index], issues));
  });
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> & { readonly optional: true } {
  return schema<T | undefined>((value, path, issues) => {
    if (value !== undefined) inner.check(value, path, issues);
  }, true) as Schema<T | undefined> & { readonly optional: true };
}

type Shape = Record<string, Schema<any>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K]["optional"] extends true ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> & { readonly shape: S } {
  const check: Schema<unknown>["check"] = (value, path, issues) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return void issues.push({ message: `expected an object, got ${describe(value)}`, path });
    }
    for (const [key, field] of Object.entries(shape)) {
      const fieldValue = (value as Record<string, unknown>)[key];
      if (fieldValue === undefined && !field.optional) issues.push({ message: "required", path: [...path, key] });
      else field.check(fieldValue, [...path, key], issues);
    }
  };
  return Object.assign(schema<ObjectOf<S>>(check), { shape });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "object") return "an object";
  return typeof value === "undefined" ? "undefined" : `${typeof value} ${String(value)}`;
}
