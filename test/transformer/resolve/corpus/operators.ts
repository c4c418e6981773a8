// Declarations the resolution corpus imports: operators two `extends` away, an interface, and
// look-alikes that are not operators.
import { Operator } from "xcs-jit";

type Text = { text: string };

export class Leaf extends Operator<Text, Text> {
  async forward(inputs: Text) {
    return inputs;
  }
}

export class Refined extends Leaf {}

export interface Judge extends Operator<Text, Text> {
  readonly rubric: string;
}

/** Has `invoke`, but is not an Operator. */
export class LookAlike {
  async invoke(inputs: Text) {
    return inputs;
  }
}

export interface Plain {
  invoke(inputs: Text): Promise<Text>;
}

export function makeLeaf(): Leaf {
  return new Leaf();
}

export default class DefaultLeaf extends Operator<Text, Text> {
  async forward(inputs: Text) {
    return inputs;
  }
}
