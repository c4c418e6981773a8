/**
 * The standard ensemble (hand-written structure, exactly the transformer's output) with fake
 * members on a logical clock, and a probe counting how often an instance's graph is built.
 */
import { XCS_STRUCTURE, type GraphBuilder, type Ref } from "xcs-jit";
import { CallLog, Ensemble as StandardEnsemble, fakeLeaves } from "../support/index.js";

export const question = { query: "sky" };

/** `width` members named `member0…`, then a judge. Undecorated: tests decorate it as they need. */
export class Ensemble extends StandardEnsemble {
  constructor(log: CallLog, width: number) {
    const leaf = fakeLeaves(log);
    super(Array.from({ length: width }, (_, i) => leaf(`member${i}`)), leaf("judge"));
  }

  static override [XCS_STRUCTURE](self: Ensemble, g: GraphBuilder, inputs: Ref) {
    builds.set(self, buildsOf(self) + 1);
    return super[XCS_STRUCTURE](self, g, inputs);
  }
}

const builds = new WeakMap<object, number>();

/** How many times the instance's graph was built. */
export function buildsOf(op: object): number {
  return builds.get(op) ?? 0;
}
