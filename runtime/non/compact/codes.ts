import type { ModelRegistry } from "../../models/registry.js";
import type { Operator } from "../../operator.js";
import { UniformEnsemble } from "../ensemble.js";
import { JudgeSynthesis } from "../judge-synthesis.js";
import { MostCommon } from "../most-common.js";
import { SelectorJudge } from "../selector-judge.js";
import { Verifier } from "../verifier.js";
import { operatorStage, unitsStage, type Stage, type StageInput, type StageOutput } from "./stages.js";

/** What an entry `count:code:model:temperature` gives the code that builds its stage. */
export interface CodeArgs {
  readonly count: number;
  readonly model?: string;
  readonly temperature?: number;
  /** The first of `count` sampling seeds reserved for this entry; no two entries share seeds. */
  readonly seed: number;
  readonly registry?: ModelRegistry;
  /** A node label for the stage, unique within its spec (`E0`, `J1`, `V2_1`). */
  readonly label: string;
}

/** What a stage reads: only the query, all incoming answers, or exactly one of them. */
export type StageReads = "query" | "answers" | "one answer";

export interface CodeDefinition {
  /** Whether an entry must name a model, must not, or may. */
  readonly model: "required" | "none" | "optional";
  /** Largest count allowed, if any. */
  readonly maxCount?: number;
  /** Known reads allow a spec to be checked before it runs; `undefined` for custom codes. */
  readonly reads?: StageReads;
  readonly build: (args: CodeArgs) => Stage;
}

export type StageOperator = Operator<StageInput, StageOutput>;

export interface CustomCodeOptions {
  /** Default "optional". */
  readonly model?: "required" | "none" | "optional";
  /** How many answers the stage gives for a count, when that is known; lets later entries be checked. */
  readonly width?: (count: number) => number;
}

/** The operator codes a compact spec may use. */
export class OperatorCodes {
  private readonly definitions = new Map<string, CodeDefinition>();

  /**
   * Adds a code whose stage is one operator of the stage contract — it reads `{ query, answers }`
   * (the query and the previous stage's answers) and returns `{ answers }`.
   */
  register(code: string, create: (args: CodeArgs) => StageOperator, options: CustomCodeOptions = {}): this {
    return this.define(code, {
      model: options.model ?? "optional",
      build: (args) => operatorStage(create(args), args.label, options.width?.(args.count)),
    });
  }

  /** Adds a code that builds its stage directly (how the standard codes are defined). */
  define(code: string, definition: CodeDefinition): this {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(code)) throw new TypeError(`operator code ${JSON.stringify(code)}: use letters, digits and _`);
    if (this.definitions.has(code)) throw new TypeError(`operator code ${JSON.stringify(code)} is already registered`);
    this.definitions.set(code, definition);
    return this;
  }

  get(code: string): CodeDefinition | undefined {
    return this.definitions.get(code);
  }

  codes(): string[] {
    return [...this.definitions.keys()];
  }
}

function seeds<T>(count: number, first: number, make: (seed: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(first + i));
}

/**
 * The codes of the original notation: `E` UniformEnsemble (count = units), `J` JudgeSynthesis,
 * `S` SelectorJudge, `V` Verifier (count = parallel judges or verifiers, one answer each), and
 * `MC` MostCommon (count 1, no model).
 */
export function standardCodes(): OperatorCodes {
  return new OperatorCodes()
    .define("E", {
      model: "required",
      reads: "query",
      build: ({ count, model, temperature, seed, registry, label }) =>
        operatorStage(new UniformEnsemble({ numUnits: count, model: model!, temperature, seed, registry }), label, count),
    })
    .define("J", {
      model: "required",
      reads: "answers",
      build: ({ count, model, temperature, seed, registry, label }) =>
        unitsStage(seeds(count, seed, (s) => new JudgeSynthesis({ model: model!, temperature, seed: s, registry })), label, "candidates", "answer"),
    })
    .define("S", {
      model: "required",
      reads: "answers",
      build: ({ count, model, temperature, seed, registry, label }) =>
        unitsStage(seeds(count, seed, (s) => new SelectorJudge({ model: model!, temperature, seed: s, registry })), label, "candidates", "answer"),
    })
    .define("V", {
      model: "required",
      reads: "one answer",
      build: ({ count, model, temperature, seed, registry, label }) =>
        unitsStage(seeds(count, seed, (s) => new Verifier({ model: model!, temperature, seed: s, registry })), label, "answer", "revisedAnswer"),
    })
    .define("MC", {
      model: "none",
      maxCount: 1,
      reads: "answers",
      build: ({ label }) => unitsStage([new MostCommon()], label, "candidates", "answer"),
    });
}
