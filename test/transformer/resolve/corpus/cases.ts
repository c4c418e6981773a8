// Every `<value>.invoke(...)` below carries the answer declaration-following resolution must give,
// in a trailing `// expect: yes | no | unknown` comment. The test also asks the checker and requires
// every yes and no to be the checker's own answer.
import { Operator, structuralJit } from "xcs-jit";
import * as ops from "./barrel.js";
import DefaultLeaf, { Judge, Leaf, LookAlike, makeLeaf, Plain, Refined } from "./operators.js";
import { RenamedLeaf, RenamedLookAlike } from "./barrel.js";

type Text = { text: string };
type LeafAlias = Leaf;
type Generic<T> = T;

class Operator2 {
  invoke(inputs: Text) {
    return inputs;
  }
}

class Mixed extends (class {} as unknown as typeof Leaf) {}

const moduleLeaf = new Leaf();

@structuralJit
export class Cases extends Operator<Text, Text> {
  leaf: Leaf = new Leaf();
  refined = new Refined();
  judge!: Judge;
  lookAlike = new LookAlike();
  plain!: Plain;
  renamed = new RenamedLeaf();
  renamedLookAlike = new RenamedLookAlike();
  viaNamespace!: ops.Refined;
  defaultLeaf = new DefaultLeaf();
  fromFactory = makeLeaf();
  alias!: LeafAlias;
  generic!: Generic<Leaf>;
  localLookAlike = new Operator2();
  mixed = new Mixed();
  members = Array.from({ length: 3 }, () => new Leaf());
  annotatedMembers: readonly Refined[] = [];
  mixedMembers = [new Leaf(), new LookAlike()];
  both = [new Leaf(), new Refined()];
  union!: Leaf | Judge;
  unionWithPlain!: Leaf | string;
  optional?: Leaf;
  maybe!: Leaf | undefined;
  anything: any;
  tuple!: [Leaf, LookAlike];
  tools = new Map([["a", new Leaf()]]);
  toolsTyped = new Map<string, Judge>();
  toolsAnnotated!: ReadonlyMap<string, LookAlike>;
  byName!: Record<string, Refined>;
  grid!: Leaf[][];
  config = { retries: 2 };
  constructor(readonly injected: Refined, private readonly untyped: any) {
    super();
  }

  get computed(): Leaf {
    return this.leaf;
  }

  helper() {
    return 1;
  }

  async forward(inputs: Text) {
    await this.leaf.invoke(inputs); // expect: yes
    await this.refined.invoke(inputs); // expect: yes
    await this.judge.invoke(inputs); // expect: yes
    await this.lookAlike.invoke(inputs); // expect: no
    await this.plain.invoke(inputs); // expect: no
    await this.renamed.invoke(inputs); // expect: yes
    await this.renamedLookAlike.invoke(inputs); // expect: no
    await this.viaNamespace.invoke(inputs); // expect: yes
    await this.defaultLeaf.invoke(inputs); // expect: yes
    await this.fromFactory.invoke(inputs); // expect: yes
    await this.alias.invoke(inputs); // expect: yes
    await this.generic.invoke(inputs); // expect: unknown
    await this.localLookAlike.invoke(inputs); // expect: no
    await this.mixed.invoke(inputs); // expect: unknown
    await this.members[0]!.invoke(inputs); // expect: yes
    await this.annotatedMembers[1]!.invoke(inputs); // expect: yes
    await this.mixedMembers[0]!.invoke(inputs); // expect: no
    await this.both[1]!.invoke(inputs); // expect: yes
    await this.union.invoke(inputs); // expect: yes
    await (this.unionWithPlain as Leaf).invoke(inputs); // expect: yes
    await this.optional!.invoke(inputs); // expect: unknown
    await this.maybe!.invoke(inputs); // expect: unknown
    await this.anything.invoke(inputs); // expect: unknown
    await this.tuple[0].invoke(inputs); // expect: unknown
    await this.tools.get("a")!.invoke(inputs); // expect: yes
    await this.toolsTyped.get("a")!.invoke(inputs); // expect: yes
    await this.toolsAnnotated.get("a")!.invoke(inputs); // expect: no
    await this.byName["x"]!.invoke(inputs); // expect: yes
    await this.grid[0]![0]!.invoke(inputs); // expect: yes
    await this.injected.invoke(inputs); // expect: yes
    await this.untyped.invoke(inputs); // expect: unknown
    await this.computed.invoke(inputs); // expect: yes
    await moduleLeaf.invoke(inputs); // expect: yes
    const local = this.refined;
    await local.invoke(inputs); // expect: yes
    const picked = inputs.text ? this.leaf : this.refined;
    await picked.invoke(inputs); // expect: yes
    for (const member of this.members) await member.invoke(inputs); // expect: yes
    await Promise.all(this.both.map((m) => m.invoke(inputs))); // expect: yes
    await Promise.all(this.members.map((m: Refined | Leaf) => m.invoke(inputs))); // expect: yes
    let reassigned = this.leaf;
    await reassigned.invoke(inputs); // expect: unknown
    reassigned = this.refined;
    return inputs;
  }
}
