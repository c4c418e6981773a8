import type { ModelRegistry } from "../../models/registry.js";
import { standardCodes, type OperatorCodes } from "./codes.js";
import { CompactGraph } from "./compact-graph.js";
import { parseEntry } from "./parse-entry.js";
import { GraphSpecError } from "./spec-error.js";
import { operatorStage, parallelStage, type Stage } from "./stages.js";

/**
 * A compact spec: entries run in order, each reading the answers of the one before.
 * - `"count:code:model:temperature"` — e.g. `"101:E:gpt-4o:0.7"` (101 units), `"1:J:claude-3-5-sonnet:0.0"`;
 * - `"$name"` — the named spec `name` (from `options.named`) as one stage;
 * - a list of entries — parallel branches reading the same answers, their answers concatenated.
 */
export type CompactSpec = readonly (string | readonly string[])[];

export interface BuildGraphOptions {
  /** Sub-specs that `$name` entries refer to. */
  readonly named?: Readonly<Record<string, CompactSpec>>;
  /** Operator codes; default `standardCodes()` (E, J, S, V, MC). */
  readonly codes?: OperatorCodes;
  /** Where model names resolve; default the process-wide `models`. */
  readonly registry?: ModelRegistry;
  /** The first sampling seed; each model unit of the graph gets the next one. Default 0. */
  readonly seed?: number;
  /**
   * The graph is invoked with `answers` for its first entry to read, so the spec may start with
   * a judge, selector or verifier. Without it such a spec is refused when built: its judge would
   * have no candidates. Default false.
   */
  readonly inputAnswers?: boolean;
}

const standard = standardCodes();

/**
 * The most units (the counts of every entry, `$name` entries counted each time they are used) one
 * spec may build: nesting and repeated named specs multiply counts that are each under
 * `MAX_ENTRY_COUNT`.
 */
export const MAX_SPEC_UNITS = 10_000;

/**
 * Builds the operator a compact spec describes: a structural operator, so its model calls are
 * nodes of one graph (independent ones run in parallel). A malformed spec throws a
 * `GraphSpecError` naming the entry and where it is.
 */
export function buildGraph(spec: CompactSpec, options: BuildGraphOptions = {}): CompactGraph {
  return new SpecBuilder(options).pipeline(spec, "", options.inputAnswers ? undefined : 0);
}

class SpecBuilder {
  private nextSeed: number;
  /** Units built so far, against `MAX_SPEC_UNITS`. */
  private units = 0;
  private readonly codes: OperatorCodes;
  private readonly resolving: string[] = [];

  constructor(private readonly options: BuildGraphOptions) {
    this.nextSeed = options.seed ?? 0;
    this.codes = options.codes ?? standard;
  }

  /** `incoming`: how many answers reach the first entry, when known. */
  pipeline(spec: unknown, where: string, incoming: number | undefined, name?: string): CompactGraph {
    if (!Array.isArray(spec) || spec.length === 0) {
      throw new GraphSpecError(where || "(root)", spec, "a spec is a non-empty list of entries");
    }
    const stages: Stage[] = [];
    let width = incoming;
    spec.forEach((entry, i) => {
      const stage = this.stage(entry, `${where}[${i}]`, String(i), width);
      stages.push(stage);
      width = stage.width;
    });
    return new CompactGraph(stages, name);
  }

  private stage(entry: unknown, at: string, label: string, incoming: number | undefined): Stage {
    if (Array.isArray(entry)) {
      if (entry.length === 0) throw new GraphSpecError(at, entry, "a list of parallel branches must not be empty");
      const branches = entry.map((branch, j) => {
        if (Array.isArray(branch)) {
          throw new GraphSpecError(`${at}[${j}]`, branch, 'a branch is one entry or a "$name"; to branch on a sequence, name it');
        }
        return this.stage(branch, `${at}[${j}]`, `${label}_${j}`, incoming);
      });
      return parallelStage(branches, `all${label}`);
    }
    if (typeof entry !== "string") {
      throw new GraphSpecError(at, entry, 'expected "count:code:model:temperature", a "$name" or a list of parallel branches');
    }
    return entry.startsWith("$") ? this.reference(entry, at, label, incoming) : this.entry(entry, at, label, incoming);
  }

  private reference(entry: string, at: string, label: string, incoming: number | undefined): Stage {
    const name = entry.slice(1);
    const named = this.options.named ?? {};
    if (!Object.hasOwn(named, name)) {
      const known = Object.keys(named);
      throw new GraphSpecError(at, entry, `no spec is named "${name}" (named specs: ${known.length ? known.join(", ") : "none"})`);
    }
    if (this.resolving.includes(name)) {
      throw new GraphSpecError(at, entry, `refers to itself: ${[...this.resolving, name].map((n) => "$" + n).join(" → ")}`);
    }
    this.resolving.push(name);
    try {
      const sub = this.pipeline(named[name], `$${name}`, incoming, name);
      return operatorStage(sub, `${name}_${label}`, sub.width);
    } finally {
      this.resolving.pop();
    }
  }

  private entry(entry: string, at: string, label: string, incoming: number | undefined): Stage {
    const { count, code, model, temperature } = parseEntry(entry, at);
    const fail = (problem: string) => new GraphSpecError(at, entry, problem);
    const definition = this.codes.get(code);
    if (!definition) throw fail(`unknown operator code "${code}" (known: ${this.codes.codes().join(", ")})`);
    if (definition.model === "required" && model === undefined) {
      throw fail(`code ${code} needs a model, as in "${count}:${code}:gpt-4o:0.7"`);
    }
    if (definition.model === "none" && (model !== undefined || temperature !== undefined)) {
      throw fail(`code ${code} takes no model or temperature, write "${count}:${code}"`);
    }
    if (definition.maxCount !== undefined && count > definition.maxCount) {
      throw fail(`code ${code} takes a count of at most ${definition.maxCount}`);
    }
    if (definition.reads !== undefined && definition.reads !== "query" && incoming === 0) {
      throw fail(`code ${code} reads the answers of the entry before it, and no entry comes before it: start with an ensemble (as in "3:E:gpt-4o:0.7"), or build with inputAnswers: true and invoke with answers`);
    }
    if (definition.reads === "one answer" && incoming !== undefined && incoming !== 1) {
      throw fail(`code ${code} checks exactly one answer, but the entry before it gives ${incoming}`);
    }
    this.units += count;
    if (this.units > MAX_SPEC_UNITS) throw fail(`the spec asks for more than ${MAX_SPEC_UNITS} units in total (the ceiling)`);
    const seed = this.nextSeed;
    this.nextSeed += count;
    try {
      return definition.build({ count, model, temperature, seed, registry: this.options.registry, label: `${code}${label}` });
    } catch (error) {
      throw fail((error as Error).message);
    }
  }
}
