import { Operator } from "xcs-jit";
import type { CallLog } from "../support/call-log.js";
import { fakeLeaves } from "../support/fake-operators.js";

/** Two independent calls awaited one after the other: a replay runs them together. */
export class Pair extends Operator<{ query: string }, unknown> {
  readonly a: Operator<{ query: string }, unknown>;
  readonly b: Operator<{ query: string }, unknown>;
  constructor(readonly log: CallLog) {
    super();
    this.a = fakeLeaves(log)("a");
    this.b = fakeLeaves(log)("b");
  }
  async forward(inputs: { query: string }) {
    return [await this.a.invoke({ query: inputs.query }), await this.b.invoke({ query: inputs.query })];
  }
}
