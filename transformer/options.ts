/**
 * Transformer options, read in one place for every entry point: the tsconfig plugin entry
 * (ts-patch, `inspect`), `createTransformer`, the bundler plugins and `register`'s environment.
 * Each value is checked, and a wrong one is named the same way wherever it was given.
 */
export interface TransformerOptions {
  /** Every graph break or bail-out is an error (also per class: `@structuralJit({ strict: true })`). */
  strict?: boolean;
  /** Test-only: throw inside the named pass, to prove an internal error leaves the class untouched. */
  throwInPass?: string;
}

type Check = (value: unknown) => string | undefined;

const boolean: Check = (v) => (typeof v === "boolean" ? undefined : "must be a boolean");
const string: Check = (v) => (typeof v === "string" ? undefined : "must be a string");
const pathOrFalse: Check = (v) => (typeof v === "string" || v === false ? undefined : "must be a path or false");
const patterns: Check = (v) => (v instanceof RegExp || (Array.isArray(v) && v.every((p) => p instanceof RegExp)) ? undefined : "must be a RegExp or an array of them");

/** The options each kind of entry takes, and how each is checked. */
const KNOWN = {
  transformer: { strict: boolean, throwInPass: string },
  bundler: { strict: boolean, throwInPass: string, tsconfig: pathOrFalse, root: string, include: patterns, worker: boolean, cache: pathOrFalse },
} as const satisfies Record<string, Record<string, Check>>;

/** Keys of a tsconfig plugin entry that belong to ts-patch, not to xcs-jit. */
const TS_PATCH_KEYS = new Set(["transform", "type", "import", "after", "afterDeclarations", "isEsm", "resolvePathAliases", "transformProgram", "name"]);

export type OptionsKind = keyof typeof KNOWN;

/**
 * Reads and checks `config`; `problems` are sentences naming the field (`"strict" must be a
 * boolean, got "yes"`). Unknown keys are problems (nearly always typos: `strickt`), except, in a
 * tsconfig plugin entry, ts-patch's own keys.
 */
export function readOptions<T extends TransformerOptions = TransformerOptions>(config: Record<string, unknown> | undefined, kind: OptionsKind = "transformer"):
    { options: T; problems: string[] } {
  const checks: Record<string, Check> = KNOWN[kind];
  const options: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config ?? {})) {
    if (value === undefined) continue;
    const check = checks[key];
    if (!check) {
      if (!(kind === "transformer" && TS_PATCH_KEYS.has(key))) problems.push(`"${key}" is not an option (known: ${Object.keys(checks).join(", ")})`);
      continue;
    }
    const problem = check(value);
    if (problem) problems.push(`"${key}" ${problem}, got ${show(value)}`);
    else options[key] = value;
  }
  return { options: options as T, problems };
}

/** One problem as the error every entry reports it with. */
export function optionError(problem: string): string {
  return `XCS3003 (xcs-jit, invalid transformer option): the transformer option ${problem}`;
}

/** Reads and checks, throwing on the first problem (entries with no diagnostics channel). */
export function readOptionsOrThrow<T extends TransformerOptions = TransformerOptions>(config: Record<string, unknown> | undefined, kind: OptionsKind = "transformer"): T {
  const { options, problems } = readOptions<T>(config, kind);
  if (problems.length > 0) throw new Error(optionError(problems[0]!));
  return options;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (value instanceof RegExp) return String(value);
  return typeof value === "object" && value !== null ? (Array.isArray(value) ? "an array" : "an object") : String(value);
}
