// Programs a review of this session's changes wrote to break them (each failed on the change and
// passed before it): a method of a held literal that keeps its parts, steps of a group member under
// `sequential`, a failing member's later step, and a push by path after an effect replaced the array.
import { Operator, structuralJit } from "xcs-jit";
import type { Ask, Reply } from "./group-members.js";

export type { Reply };

export type Task = { q: string; tag: string };
export type WithTasks = { tasks: Task[] };
export type Items = { items: string[] };

// R1: a method call on a held literal aliases its parts (slice keeps the task objects).
@structuralJit
export class SliceAlias extends Operator<Ask, { tag: string }> {
  constructor(readonly reorder: Operator<WithTasks, Reply>) { super(); }
  async forward(inputs: Ask) {
    const tasks = [{ q: inputs.query, tag: "x" }, { q: inputs.query, tag: "y" }];
    const copy = tasks.slice();
    await this.reorder.invoke({ tasks });
    return { tag: copy[0]!.tag };
  }
}

// R1b: find.
@structuralJit
export class FindAlias extends Operator<Ask, { tag: string }> {
  constructor(readonly marker: Operator<WithTasks, Reply>) { super(); }
  async forward(inputs: Ask) {
    const tasks = [{ q: inputs.query, tag: "x" }, { q: "b", tag: inputs.query }];
    const found = tasks.find((t) => t.q === "b");
    await this.marker.invoke({ tasks });
    return { tag: found!.tag };
  }
}

// R2: an inlined member runs effect then a read; sequential must keep them in order.
@structuralJit
export class Member extends Operator<Ask, Reply> {
  constructor(readonly pusher: Operator<Items, Reply>, readonly join: Operator<Items, Reply>) { super(); }
  async forward(inputs: Ask) {
    const hist = [inputs.query];
    await this.pusher.invoke({ items: hist });
    return await this.join.invoke({ items: hist });
  }
}

@structuralJit
export class Group extends Operator<Ask, { a: string; b: string }> {
  constructor(readonly member: Operator<Ask, Reply>, readonly model: Operator<Ask, Reply>) { super(); }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.member.invoke({ query: inputs.query }), this.model.invoke({ query: inputs.query })]);
    return { a: a.answer, b: b.answer };
  }
}

// R3: a member's later step that eager never reaches after its first step fails.
@structuralJit
export class FailMember extends Operator<Ask, Reply> {
  constructor(readonly fail: Operator<Ask, Reply>, readonly stamp: Operator<Ask, Reply>) { super(); }
  async forward(inputs: Ask) {
    await this.fail.invoke({ query: inputs.query });
    return await this.stamp.invoke({ query: inputs.query });
  }
}

@structuralJit
export class FailGroup extends Operator<Ask, { a: string; b: string }> {
  constructor(readonly member: Operator<Ask, Reply>, readonly model: Operator<Ask, Reply>) { super(); }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.member.invoke({ query: inputs.query }), this.model.invoke({ query: inputs.query })]);
    return { a: a.answer, b: b.answer };
  }
}

export type State = { q: string; ctx: { docs: string[] } };
export type WithState = { state: State };
// R5: a push by path after an effect was given the object that replaced the inner array.
@structuralJit
export class PathPushAfterReplace extends Operator<Ask, { docs: string }> {
  constructor(readonly replacer: Operator<WithState, Reply>, readonly see: Operator<WithState, Reply>) { super(); }
  async forward(inputs: Ask) {
    const state = { q: inputs.query, ctx: { docs: [inputs.query] } };
    await this.replacer.invoke({ state });
    state.ctx.docs.push("late");
    const r = await this.see.invoke({ state });
    return { docs: r.answer };
  }
}
