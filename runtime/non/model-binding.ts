import type { Model, ModelRequest, ModelResponse } from "../models/types.js";
import { models, type ModelRegistry } from "../models/registry.js";

/** Which model an operator calls, and how. */
export interface ModelSettings {
  /** A registry name (`openai:gpt-4o`, or `gpt-4o` when one provider has it) or a model. */
  readonly model: string | Model;
  /** 0..2; default 0. */
  readonly temperature?: number;
  /** Sampling seed; ensembles give each unit its own. */
  readonly seed?: number;
  readonly system?: string;
  /** Where names are looked up; default the process-wide `models`. */
  readonly registry?: ModelRegistry;
}

/**
 * The model settings of one operator, checked when the operator is made so that a bad setting
 * fails at construction (naming the operator) rather than mid-run. Names resolve at call time,
 * so operators can be built before their models are registered.
 */
export class ModelBinding {
  readonly temperature: number;

  constructor(
    readonly operator: string,
    private readonly settings: ModelSettings,
  ) {
    const { model, temperature = 0 } = settings;
    if (typeof model === "string" ? model.trim() === "" : typeof model?.generate !== "function") {
      throw new TypeError(`${operator}: model must be a model name like "openai:gpt-4o" or a Model, got ${typeof model === "string" ? JSON.stringify(model) : String(model)}`);
    }
    // A name with a space can never resolve (registry names are "provider:model" without spaces):
    // refused here, when the operator or graph is built, not at its first call.
    if (typeof model === "string" && /\s/.test(model)) {
      throw new TypeError(`${operator}: model name ${JSON.stringify(model)} has a space; model names are "provider:model" without spaces`);
    }
    if (typeof temperature !== "number" || !(temperature >= 0 && temperature <= 2)) {
      throw new RangeError(`${operator}: temperature must be a number in [0, 2], got ${String(temperature)}`);
    }
    this.temperature = temperature;
  }

  generate(prompt: string, signal: AbortSignal): Promise<ModelResponse> {
    const { model, system, seed, registry = models } = this.settings;
    const resolved = typeof model === "string" ? registry.resolve(model) : model;
    const request: ModelRequest = { prompt, system, temperature: this.temperature, seed };
    return resolved.generate(request, { signal });
  }
}
