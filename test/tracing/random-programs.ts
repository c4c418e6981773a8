/**
 * Random `forward` functions for the soundness property: calls whose arguments read the run
 * input, earlier results and constants, possibly transformed (template strings, optional
 * chaining, spreads of the run input, a call awaited inside an argument); data-dependent branches
 * and loops; an operator with effects it did not declare; a `stateSignature()` that changes; a
 * synchronous `forward` returning the call of a nested `@structuralJit` class that was never
 * compiled. A program is data, interpreted by `forward`, so the same program runs eagerly and
 * under @jit.
 */
import fc from "fast-check";
import { Operator, structuralJit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { EffectfulFakeOperator, FakeOperator } from "../support/fake-operators.js";

export type Expr =
  | { readonly k: "input"; readonly field: "a" | "b" | "c" }
  | { readonly k: "result"; readonly back: number; readonly field: "out" | "len" | "echo" }
  | { readonly k: "const"; readonly value: string }
  | { readonly k: "upper"; readonly of: Expr }
  | { readonly k: "length"; readonly of: Expr }
  /** `` `Summarize: ${of}` `` */
  | { readonly k: "template"; readonly of: Expr }
  /** `results[i]?.[field] ?? "none"`, `i` possibly past the end */
  | { readonly k: "optional"; readonly at: number; readonly field: "out" | "echo" }
  /** `this.persona`, which `stateSignature()` returns */
  | { readonly k: "persona" }
  /** `(await ops[op].invoke({ q: of })).out`, inside the expression */
  | { readonly k: "await"; readonly op: number; readonly of: Expr };

export type Step =
  | { readonly k: "call"; readonly op: number; readonly args: Readonly<Record<string, Expr>>; readonly spread?: boolean }
  | { readonly k: "if"; readonly cond: Expr; readonly then: readonly Step[]; readonly else: readonly Step[] }
  | { readonly k: "loop"; readonly count: Expr; readonly body: readonly Step[] };

export interface Program {
  readonly steps: readonly Step[];
  readonly result: readonly Expr[];
  /** The operator's `forward` is synchronous and returns a nested, uncompiled `@structuralJit` operator's call. */
  readonly nested?: boolean;
}

type Output = { out: string; len: number; echo: string | number };

export type RunInput = { readonly a: string; readonly b: string; readonly c: string };

const operatorCount = 5;
/** Operator 3 declares effects; operator 2 fails on some inputs (deterministically); operator 4 has effects it did not declare. */
const effectfulOp = 3;
const flakyOp = 2;
export const undeclaredEffectOp = 4;

const fieldArb = fc.constantFrom("a" as const, "b" as const, "c" as const);

/**
 * `transforms`: values `forward` computes, numbers among them (`len`, `length`). `wide`: the
 * forms of the widened grammar that compute no number (templates, optional chaining, the
 * persona, inline awaits).
 */
function exprArb(transforms: boolean, wide = false): fc.Arbitrary<Expr> {
  const leaves: fc.Arbitrary<Expr>[] = [
    fieldArb.map((field) => ({ k: "input" as const, field })),
    fc.record({ k: fc.constant("result" as const), back: fc.nat(3), field: transforms ? fc.constantFrom("out" as const, "len" as const, "echo" as const) : fc.constantFrom("out" as const, "echo" as const) }),
    fc.constantFrom("k0", "k1", "k2").map((value) => ({ k: "const" as const, value })),
  ];
  if (wide) {
    leaves.push(
      fc.record({ k: fc.constant("optional" as const), at: fc.nat(5), field: fc.constantFrom("out" as const, "echo" as const) }),
      fc.constant({ k: "persona" as const }),
    );
  }
  const leaf = fc.oneof(...leaves);
  const computed: Array<fc.WeightedArbitrary<Expr>> = [{ weight: 3, arbitrary: leaf }];
  if (transforms) {
    computed.push({ weight: 1, arbitrary: leaf.map((of) => ({ k: "upper" as const, of })) }, { weight: 1, arbitrary: leaf.map((of) => ({ k: "length" as const, of })) });
  }
  if (wide) {
    computed.push(
      { weight: 1, arbitrary: leaf.map((of) => ({ k: "template" as const, of })) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant("await" as const), op: fc.constantFrom(0, 1, undeclaredEffectOp), of: leaf }) },
    );
  }
  return computed.length === 1 ? leaf : fc.oneof(...computed);
}

function callArb(transforms: boolean, ops: number[], wide = false): fc.Arbitrary<Step> {
  return fc.record({
    k: fc.constant("call" as const),
    op: fc.constantFrom(...ops),
    args: fc.dictionary(fc.constantFrom("x", "y", "z"), exprArb(transforms, wide), { minKeys: 1, maxKeys: 3 }),
    spread: wide ? fc.boolean() : fc.constant(false),
  });
}

/** Any program: branches, loops, transformed values, an effectful and a failing operator. */
export const dynamicProgramArb: fc.Arbitrary<Program> = fc.letrec<{ steps: Step[]; step: Step }>((tie) => ({
  step: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: callArb(true, [0, 1, 2, 3, undeclaredEffectOp], true) },
    {
      weight: 1,
      arbitrary: fc.record({ k: fc.constant("if" as const), cond: exprArb(true), then: tie("steps") as fc.Arbitrary<Step[]>, else: tie("steps") as fc.Arbitrary<Step[]> }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant("loop" as const), count: exprArb(true), body: tie("steps") as fc.Arbitrary<Step[]> }) },
  ),
  steps: fc.array(tie("step") as fc.Arbitrary<Step>, { maxLength: 4 }),
})).steps.chain((steps) =>
  fc.record({ result: fc.array(exprArb(true, true), { minLength: 1, maxLength: 3 }), nested: fc.boolean() }).map(({ result, nested }) => ({ steps, result, nested })),
);

/** Structure-static: the same calls every run, arguments read straight from fields or constants. */
export const staticProgramArb: fc.Arbitrary<Program> = fc
  .tuple(fc.array(callArb(false, [0, 1, effectfulOp]), { minLength: 1, maxLength: 6 }), fc.array(exprArb(true), { minLength: 1, maxLength: 3 }))
  .map(([steps, result]) => ({ steps, result }));

/**
 * Without data-dependent control flow: the same call sites every run, arguments in every form of
 * the widened grammar that computes no number (a number `forward` computes can stay the same
 * across different inputs by chance, and is then taken for a constant; see docs/limitations.md).
 */
export const straightProgramArb: fc.Arbitrary<Program> = fc.record({
  steps: fc.array(callArb(false, [0, 1, effectfulOp, undeclaredEffectOp], true), { minLength: 1, maxLength: 6 }),
  result: fc.array(exprArb(false, true), { minLength: 1, maxLength: 3 }),
  nested: fc.boolean(),
});

/** Short values, so branches flip between runs. */
export const dynamicInputArb: fc.Arbitrary<RunInput> = fc.record({
  a: fc.constantFrom("x", "yy", "zzz"),
  b: fc.constantFrom("p", "qq"),
  c: fc.constantFrom("m", "nnnn"),
});

/** Distinct fields and values never seen before, so a primitive has one place it came from. */
export const distinctInputArb: fc.Arbitrary<RunInput> = fc
  .tuple(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000))
  .map(([a, b, c]) => ({ a: `a${a}`, b: `b${b}`, c: `c${c}` }));

/** A run input and the persona (`stateSignature()`) the operator has during that run. */
export interface RunCase {
  readonly input: RunInput;
  readonly persona: string;
}

/**
 * Runs with a new input after repeated ones: each distinct input is run 1 to 3 times in a row,
 * the persona changing now and then.
 */
export function repeatedRunsArb(inputs: fc.Arbitrary<RunInput>): fc.Arbitrary<RunCase[]> {
  return fc
    .array(fc.record({ input: inputs, times: fc.integer({ min: 1, max: 3 }), persona: fc.constantFrom("p0", "p0", "p1") }), { minLength: 2, maxLength: 4 })
    .map((groups) => groups.flatMap(({ input, times, persona }) => Array.from({ length: times }, () => ({ input, persona }))));
}

/**
 * The body of a `nested` program, as an operator of its own; in the traced world its class is
 * `@structuralJit` without a structure (one class for every program: it warns once).
 */
class ProgramBody extends Operator<RunInput, { r: unknown[] }> {
  constructor(
    readonly run: (inputs: RunInput) => Promise<{ r: unknown[] }>,
    readonly stateSignature: () => string,
  ) {
    super();
  }
  forward(inputs: RunInput) {
    return this.run(inputs);
  }
}
class StructuralProgramBody extends ProgramBody {}
structuralJit(StructuralProgramBody);

/** A fresh set of operators on its own clock and log, and the program's operator over them. */
export function makeProgramWorld(program: Program, traced = false) {
  const clock = new LogicalClock();
  const log = new CallLog(clock);
  const ops = Array.from({ length: operatorCount }, (_, i) => {
    const behaviour = {
      name: `op${i}`,
      latency: (inputs: unknown) => 1 + (hash(JSON.stringify(inputs)) % 3),
      compute: (inputs: unknown) => {
        const h = hash(`op${i}` + JSON.stringify(inputs));
        // `echo` hands a value of the input back: the same primitive then sits in two places.
        return { out: `op${i}:${h.toString(36)}`, len: h % 5, echo: Object.values(inputs as object)[0] };
      },
      ...(i === flakyOp && { fail: (inputs: unknown) => (hash(JSON.stringify(inputs)) % 4 === 0 ? new Error(`op${i} refused ${JSON.stringify(inputs)}`) : undefined) }),
    };
    return i === effectfulOp ? new EffectfulFakeOperator(log, behaviour) : new FakeOperator(log, behaviour);
  });
  /**
   * What each run decided from its data, in the order it decided it: branches taken, loop counts,
   * numbers computed, where a call failed, and between them the calls it made (`call op1`: which
   * the decisions before it determine). Runs with the same trail differ only in values that flow
   * through calls; the calls before the n-th call entry are the path the run took to its n-th call.
   */
  const trails: string[][] = [];
  /** For each run, its leaf calls in order, with the earlier ones (by index) whose outputs each one's input reads. */
  const dataFlows: number[][][] = [];
  class ProgramOperator extends Operator<RunInput, { r: unknown[] }> {
    readonly ops = ops;
    persona = "p0";
    stateSignature() {
      return this.persona;
    }
    readonly inner = program.nested
      ? new (traced ? StructuralProgramBody : ProgramBody)(
          (inputs) => this.body(inputs),
          () => this.persona,
        )
      : undefined;
    /** Synchronous when nested: it returns the inner operator's call, the input spread into a new object. */
    forward(inputs: RunInput): Promise<{ r: unknown[] }> {
      return this.inner ? this.inner.invoke({ ...inputs }) : this.body(inputs);
    }
    /** Called as each run of the body starts (a test reads the metrics of the run before it there). */
    beforeBody: (() => void) | undefined;
    async body(inputs: RunInput) {
      this.beforeBody?.();
      const run: Run = { inputs, results: [], resultCalls: [], reads: [], ops: this.ops, persona: this.persona, trail: [] };
      trails.push(run.trail);
      dataFlows.push(run.reads);
      try {
        await runSteps(program.steps, run);
        const r: unknown[] = [];
        for (const e of program.result) r.push(await evaluate(e, run, new Set()));
        return { r };
      } catch (error) {
        // A call that fails ends the run where the data made it fail: a decision like a branch.
        run.trail.push(`failed after ${run.results.length} calls`);
        throw error;
      }
    }
  }
  return { clock, log, ops, ProgramOperator, trails, dataFlows };
}

interface Run {
  readonly inputs: RunInput;
  readonly results: Output[];
  /** For each of `results`, the index of its call among the run's leaf calls. */
  readonly resultCalls: number[];
  /** For each leaf call, in order, the earlier leaf calls whose outputs its input reads. */
  readonly reads: number[][];
  readonly ops: Operator[];
  readonly persona: string;
  readonly trail: string[];
}

/** Makes a leaf call whose input reads the outputs of the calls in `reads`; returns its index too. */
async function call(run: Run, op: number, args: unknown, reads: ReadonlySet<number>): Promise<{ output: Output; index: number }> {
  const index = run.reads.push([...reads].sort((x, y) => x - y)) - 1;
  run.trail.push(`call op${op}`);
  return { output: (await run.ops[op]!.invoke(args)) as Output, index };
}

async function runSteps(steps: readonly Step[], run: Run): Promise<void> {
  for (const step of steps) {
    if (step.k === "call") {
      const args: Record<string, unknown> = step.spread ? { ...run.inputs } : {};
      const reads = new Set<number>();
      for (const [key, e] of Object.entries(step.args)) args[key] = await evaluate(e, run, reads);
      const { output, index } = await call(run, step.op, args, reads);
      run.results.push(output);
      run.resultCalls.push(index);
    } else if (step.k === "if") {
      // Control, not data: what the condition reads is no input of the calls it chooses.
      const taken = String(await evaluate(step.cond, run, new Set())).length % 2 === 0;
      run.trail.push(`if ${taken}`);
      await runSteps(taken ? step.then : step.else, run);
    } else {
      const count = String(await evaluate(step.count, run, new Set())).length % 3;
      run.trail.push(`loop ${count}`);
      for (let i = 0; i < count; i++) await runSteps(step.body, run);
    }
  }
}

/** The expression's value; `reads` gathers the leaf calls whose outputs it reads. */
async function evaluate(expr: Expr, run: Run, reads: Set<number>): Promise<string | number> {
  const { inputs, results } = run;
  const read = (at: number) => {
    reads.add(run.resultCalls[at]!);
    return results[at]!;
  };
  switch (expr.k) {
    case "input":
      return inputs[expr.field];
    case "result": {
      const at = results.length - 1 - (expr.back % Math.max(1, results.length));
      return results[at] ? read(at)[expr.field] : inputs.a;
    }
    case "const":
      return expr.value;
    case "upper":
      return String(await evaluate(expr.of, run, reads)).toUpperCase();
    case "length": {
      const length = String(await evaluate(expr.of, run, reads)).length;
      run.trail.push(`length ${length}`);
      return length;
    }
    case "template":
      return `Summarize: ${await evaluate(expr.of, run, reads)}`;
    case "optional":
      return (results[expr.at] && read(expr.at)[expr.field]) ?? "none";
    case "persona":
      return run.persona;
    case "await": {
      const its = new Set<number>();
      const { output, index } = await call(run, expr.op, { q: await evaluate(expr.of, run, its) }, its);
      reads.add(index);
      return output.out;
    }
  }
}

export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
