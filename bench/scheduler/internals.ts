/**
 * The scheduler's internal entry points, loaded from the same built copy of the package that
 * "xcs-jit" resolves to (dist/, by package self-reference), since `exports` only publishes ".".
 * Typed here by hand, so type-checking the bench needs no build.
 */
import type { Graph, RunGraphOptions } from "xcs-jit";

const runtimeEntry = import.meta.resolve("xcs-jit");
const load = (path: string): Promise<any> => import(new URL(path, runtimeEntry).href);

export const { buildStructure } = (await load("./builder/index.js")) as { buildStructure(op: object): Graph };
export const { runGraph } = (await load("./scheduler/index.js")) as {
  runGraph(graph: Graph, input: unknown, options?: RunGraphOptions): Promise<unknown>;
};
/** Compiles (once per graph) the plan a graph's first run uses. */
export const { planFor } = (await load("./scheduler/plan.js")) as { planFor(graph: Graph): unknown };
