/** Transformer options: from the tsconfig plugin entry, `createTransformer`, or the CLI. */
export interface TransformerOptions {
  /** Every graph break or bail-out is an error (also per class: `@structuralJit({ strict: true })`). */
  strict?: boolean;
  /** Test-only: throw inside the named pass, to prove an internal error leaves the class untouched. */
  throwInPass?: string;
}

/** Reads the options a plugin entry carries (unknown keys such as `transform` are ts-patch's own). */
export function readOptions(config: Record<string, unknown> | undefined): { options: TransformerOptions; problems: string[] } {
  const options: TransformerOptions = {};
  const problems: string[] = [];
  if (config?.strict !== undefined) {
    if (typeof config.strict === "boolean") options.strict = config.strict;
    else problems.push(`"strict" must be a boolean, got ${JSON.stringify(config.strict)}`);
  }
  if (typeof config?.throwInPass === "string") options.throwInPass = config.throwInPass;
  return { options, problems };
}
