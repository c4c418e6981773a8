import { UnknownModelError } from "./errors.js";
import { ManagedModel, type ModelPolicy } from "./managed.js";
import { checkModelPolicy } from "./policy-checks.js";
import type { Model } from "./types.js";

/**
 * Models by `provider:model` name. Each registered model is wrapped once in a `ManagedModel`, so
 * its concurrency and rate limits are shared by every operator and run that resolves the name.
 */
export class ModelRegistry {
  private readonly entries = new Map<string, ManagedModel>();
  /**
   * What the fallback made, by the name asked for and by the model's id. Kept apart from
   * `entries` so that a bare name resolves against registered models only: what it means never
   * depends on which names were resolved before.
   */
  private readonly made = new Map<string, ManagedModel>();

  /**
   * @param fallback builds a model for a name nobody registered (for instance simulated models
   *   in examples), managed with `fallbackPolicy` and made once per name. Without it an unknown
   *   name is an error.
   */
  constructor(
    private readonly fallback?: (name: string) => Model,
    private readonly fallbackPolicy: ModelPolicy = {},
  ) {
    checkModelPolicy("ModelRegistry: fallbackPolicy", fallbackPolicy);
  }

  /** Registers `model` under its own id (or `name`); replaces an earlier entry of that name. */
  register(model: Model, policy: ModelPolicy = {}, name: string = model.id): ManagedModel {
    checkName(name);
    checkModelPolicy(`ModelRegistry.register("${name}")`, policy);
    const managed = new ManagedModel(model, policy);
    this.entries.set(name, managed);
    return managed;
  }

  /**
   * The model for `provider:model`, or for a bare model name when exactly one registered
   * provider has it (`gpt-4o` finds `openai:gpt-4o`); else the fallback's model for the name.
   */
  resolve(name: string): ManagedModel {
    const found = this.entries.get(name) ?? this.byModelName(name) ?? this.made.get(name);
    if (found) return found;
    if (this.fallback) return this.make(name, this.fallback(name));
    const known = [...this.entries.keys()];
    throw new UnknownModelError(name, known.length ? `registered: ${known.join(", ")}` : "no models are registered");
  }

  has(name: string): boolean {
    return this.entries.has(name) || this.byModelName(name) !== undefined;
  }

  /** The names registered (not those the fallback made). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** One managed model per model id, so `gpt-4o` and `simulated:gpt-4o` share their limits. */
  private make(name: string, model: Model): ManagedModel {
    checkName(name.includes(":") ? name : model.id);
    const managed = this.made.get(model.id) ?? new ManagedModel(model, this.fallbackPolicy);
    this.made.set(name, managed);
    this.made.set(model.id, managed);
    return managed;
  }

  private byModelName(name: string): ManagedModel | undefined {
    if (name.includes(":")) return undefined;
    const matches = [...this.entries].filter(([key]) => key.slice(key.indexOf(":") + 1) === name);
    if (matches.length > 1) {
      throw new UnknownModelError(name, `ambiguous, name the provider: ${matches.map(([key]) => key).join(", ")}`);
    }
    return matches[0]?.[1];
  }
}

function checkName(name: string): void {
  if (!/^[^:\s]+:\S+$/.test(name)) {
    throw new UnknownModelError(name, 'model names are "provider:model", e.g. "openai:gpt-4o"');
  }
}

/** The process-wide registry the operator library uses unless given another. */
export const models = new ModelRegistry();
