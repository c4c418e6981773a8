import { Operator, structuralJit } from "xcs-jit";
// Calls started without `await` (`const p = this.a.invoke(x)`, then `await p`): what the code makes
// until its next await starts in the call's moment (`g.start`, `g.await`). Run against eager by
// pipelines-started.test.ts.
import type { Ask, Reply } from "./group-members.js";

export interface Items {
  items: string[];
}

// H13c. An effect started without await, then a call reading what it was given.
@structuralJit
export class UnawaitedThenRead extends Operator<Ask, { s: string; m: string }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const m = await this.model.invoke({ query: items[0]! });
    const s = await p;
    return { s: s.answer, m: m.answer };
  }
}

// U2. Two unawaited pure calls, awaited in turn.
@structuralJit
export class TwoStarted extends Operator<Ask, { a: string; b: string }> {
  constructor(
    readonly a: Operator<Ask, Reply>,
    readonly b: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const pa = this.a.invoke({ query: inputs.query });
    const pb = this.b.invoke({ query: inputs.query });
    const a = await pa;
    const b = await pb;
    return { a: a.answer, b: b.answer };
  }
}

// U4. A started effect awaited at once, then a read: after the change.
@structuralJit
export class StartedAwaitedThenRead extends Operator<Ask, { s: string; m: string }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const s = await p;
    const m = await this.model.invoke({ query: items[0]! });
    return { s: s.answer, m: m.answer };
  }
}

// U5. Started inside the members of a Promise.all over a map.
@structuralJit
export class StartedInMembers extends Operator<Ask, { out: string[] }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const lists = [["z", inputs.query, "a"], ["y", "b"]];
    const out = await Promise.all(
      lists.map(async (items) => {
        const p = this.ranker.invoke({ items });
        const m = await this.model.invoke({ query: items[0]! });
        const s = await p;
        return `${m.answer}|${s.answer}`;
      }),
    );
    return { out };
  }
}

// U6. A started nested structural operator, then a read of what an effect inside it is given.
@structuralJit
export class Sorts extends Operator<Items, Reply> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Items) {
    const m = await this.model.invoke({ query: "first" });
    const s = await this.ranker.invoke({ items: inputs.items });
    return { answer: `${m.answer}:${s.answer}` };
  }
}

@structuralJit
export class StartedNested extends Operator<Ask, { s: string; m: string }> {
  constructor(readonly sorts: Sorts, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.sorts.invoke({ items });
    const m = await this.model.invoke({ query: items[0]! });
    const s = await p;
    return { s: s.answer, m: m.answer };
  }
}

// U7. A started effect never awaited, a read after an awaited call, one after the run.
@structuralJit
export class StartedNeverAwaited extends Operator<Ask, { m: string; n: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const m = await this.model.invoke({ query: items[0]! });
    const n = await this.model.invoke({ query: `${m.answer}` });
    void p;
    return { m: m.answer, n: n.answer };
  }
}

// U8. A started effect that fails, beside an awaited pure call.
@structuralJit
export class StartedEffectFails extends Operator<Ask, { m: string; s: string }> {
  constructor(readonly stamp: Operator<Ask, Reply>, readonly model: Operator<Ask, Reply>, readonly logger: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const req = { query: inputs.query };
    const p = this.stamp.invoke(req);
    const m = await this.model.invoke({ query: req.query });
    await this.logger.invoke({ query: m.answer });
    const s = await p;
    return { m: m.answer, s: s.answer };
  }
}

// U5b. U5 with a Promise.all in each member: a reader beside an effect in a group nested in a member.
@structuralJit
export class AllInMembers extends Operator<Ask, { out: string[] }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const lists = [["z", inputs.query, "a"], ["y", "b"]];
    const out = await Promise.all(
      lists.map(async (items) => {
        const [s, m] = await Promise.all([this.ranker.invoke({ items }), this.model.invoke({ query: items[0]! })]);
        return `${m.answer}|${s.answer}`;
      }),
    );
    return { out };
  }
}

// H13d. Calls started in an array literal bound to a name, awaited with Promise.all.
@structuralJit
export class StartedArray extends Operator<Ask, { s: string; m: string }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const started = [this.ranker.invoke({ items }), this.model.invoke({ query: items[0]! })];
    const [s, m] = await Promise.all(started);
    return { s: s!.answer, m: m!.answer };
  }
}

// H13e. A call whose promise is dropped (fire and forget), then a call reading what it was given.
@structuralJit
export class DroppedThenRead extends Operator<Ask, { m: string; n: string }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    this.ranker.invoke({ items });
    const m = await this.model.invoke({ query: items[0]! });
    const n = await this.model.invoke({ query: `${m.answer}/${items.length}` });
    return { m: m.answer, n: n.answer };
  }
}

// U9. Calls started in an array and awaited with Promise.all, one of them failing, its value unused:
// eager's `await` raises the failure (generated programs, seed 12005, case 165: the run returned
// while the failing call still ran, once the code after a started call no longer waited for it).
@structuralJit
export class StartedFailsUnused extends Operator<Ask, { answer: string }> {
  constructor(
    readonly model: Operator<Ask, Reply>,
    readonly flaky: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const started = [this.model.invoke({ query: "none" }), this.flaky.invoke({ query: inputs.query })];
    const [m] = await Promise.all(started);
    return { answer: m!.answer };
  }
}
