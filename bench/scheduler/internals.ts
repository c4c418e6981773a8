/**
 * The scheduler's internal entry points, loaded from the same built copy of the package that
 * "xcs-jit" resolves to (dist/, by package self-reference), since `exports` only publishes ".".
 */
import type * as Builder from "../../dist/runtime/builder/index.js";
import type * as Scheduler from "../../dist/runtime/scheduler/index.js";
import type * as Plan from "../../dist/runtime/scheduler/plan.js";

const runtimeEntry = import.meta.resolve("xcs-jit");
const load = (path: string): Promise<unknown> => import(new URL(path, runtimeEntry).href);

export const { buildStructure } = (await load("./builder/index.js")) as typeof Builder;
export const { runGraph } = (await load("./scheduler/index.js")) as typeof Scheduler;
export const { planFor } = (await load("./scheduler/plan.js")) as typeof Plan;
