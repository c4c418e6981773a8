// The standard scenarios: how to build each from a compiled copy of scenarios.ts, with its call
// count and critical path (calls on the longest dependency path).
import type * as ScenarioModule from "./scenarios.js";
import type { LeafFactory, LeafOutput } from "./scenarios.js";
import type { Operator } from "xcs-jit";

export type Scenarios = typeof ScenarioModule;
type Query = { query: string };

export interface Scenario {
  readonly name: string;
  readonly make: (classes: Scenarios, leaf: LeafFactory) => Operator<Query, LeafOutput>;
  readonly calls: number;
  readonly criticalPath: number;
}

const wide = ({ Ensemble }: Scenarios, leaf: LeafFactory, width: number, prefix = "") =>
  new Ensemble(Array.from({ length: width }, (_, i) => leaf(`${prefix}unit${i}`)), leaf(`${prefix}judge`));

/** A binary tree of ensembles over chains of 2: depth 3 is 8 chains under 7 merges. */
function deepNested(classes: Scenarios, leaf: LeafFactory, depth: number, prefix = ""): Operator<Query, LeafOutput> {
  if (depth === 0) return new classes.Chain(leaf, 2, prefix);
  const children = [deepNested(classes, leaf, depth - 1, `${prefix}l.`), deepNested(classes, leaf, depth - 1, `${prefix}r.`)];
  return new classes.Ensemble(children, leaf(`${prefix}merge`));
}

const chain = (n: number): Scenario => ({ name: `chain-${n}`, make: (c, leaf) => new c.Chain(leaf, n), calls: n, criticalPath: n });
const wideN = (n: number): Scenario => ({ name: `wide-${n}`, make: (c, leaf) => wide(c, leaf, n), calls: n + 1, criticalPath: 2 });

export const scenarios: readonly Scenario[] = [
  { name: "single", make: (c, leaf) => new c.Single(leaf), calls: 1, criticalPath: 1 },
  chain(5),
  chain(10),
  chain(20),
  wideN(5),
  wideN(10),
  wideN(20),
  { name: "diamond", make: (c, leaf) => new c.Diamond(leaf), calls: 4, criticalPath: 3 },
  { name: "deep-nested", make: (c, leaf) => deepNested(c, leaf, 3), calls: 23, criticalPath: 5 },
  {
    // 10 branches, each a 10-unit ensemble and its judge, then an outer judge: 111 calls.
    name: "ensemble+judge depth 2",
    make: (c, leaf) => new c.Ensemble(Array.from({ length: 10 }, (_, b) => wide(c, leaf, 10, `b${b}.`)), leaf("judge")),
    calls: 111,
    criticalPath: 3,
  },
];
