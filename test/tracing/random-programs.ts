/**
 * Random `forward` functions for the soundness property: calls whose arguments read the run
 * input, earlier results and constants, possibly transformed; data-dependent branches and loops.
 * A program is data, interpreted by `forward`, so the same program runs eagerly and under @jit.
 */
import fc from "fast-check";
import { Operator } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { EffectfulFakeOperator, FakeOperator } from "../support/fake-operators.js";

export type Expr =
  | { readonly k: "input"; readonly field: "a" | "b" | "c" }
  | { readonly k: "result"; readonly back: number; readonly field: "out" | "len" | "echo" }
  | { readonly k: "const"; readonly value: string }
  | { readonly k: "upper"; readonly of: Expr }
  | { readonly k: "length"; readonly of: Expr };

export type Step =
  | { readonly k: "call"; readonly op: number; readonly args: Readonly<Record<string, Expr>> }
  | { readonly k: "if"; readonly cond: Expr; readonly then: readonly Step[]; readonly else: readonly Step[] }
  | { readonly k: "loop"; readonly count: Expr; readonly body: readonly Step[] };

export interface Program {
  readonly steps: readonly Step[];
  readonly result: readonly Expr[];
}

type Output = { out: string; len: number; echo: string | number };

export type RunInput = { readonly a: string; readonly b: string; readonly c: string };

const operatorCount = 4;
/** Operator 3 declares effects; operator 2 fails on some inputs (deterministically). */
const effectfulOp = 3;
const flakyOp = 2;

const fieldArb = fc.constantFrom("a" as const, "b" as const, "c" as const);

function exprArb(transforms: boolean): fc.Arbitrary<Expr> {
  const leaves: fc.Arbitrary<Expr>[] = [
    fieldArb.map((field) => ({ k: "input" as const, field })),
    fc.record({ k: fc.constant("result" as const), back: fc.nat(3), field: transforms ? fc.constantFrom("out" as const, "len" as const, "echo" as const) : fc.constantFrom("out" as const, "echo" as const) }),
    fc.constantFrom("k0", "k1", "k2").map((value) => ({ k: "const" as const, value })),
  ];
  const leaf = fc.oneof(...leaves);
  if (!transforms) return leaf;
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: leaf.map((of) => ({ k: "upper" as const, of })) },
    { weight: 1, arbitrary: leaf.map((of) => ({ k: "length" as const, of })) },
  );
}

function callArb(transforms: boolean, ops: number[]): fc.Arbitrary<Step> {
  return fc.record({
    k: fc.constant("call" as const),
    op: fc.constantFrom(...ops),
    args: fc.dictionary(fc.constantFrom("x", "y", "z"), exprArb(transforms), { minKeys: 1, maxKeys: 3 }),
  });
}

/** Any program: branches, loops, transformed values, an effectful and a failing operator. */
export const dynamicProgramArb: fc.Arbitrary<Program> = fc.letrec<{ steps: Step[]; step: Step }>((tie) => ({
  step: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: callArb(true, [0, 1, 2, 3]) },
    {
      weight: 1,
      arbitrary: fc.record({ k: fc.constant("if" as const), cond: exprArb(true), then: tie("steps") as fc.Arbitrary<Step[]>, else: tie("steps") as fc.Arbitrary<Step[]> }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant("loop" as const), count: exprArb(true), body: tie("steps") as fc.Arbitrary<Step[]> }) },
  ),
  steps: fc.array(tie("step") as fc.Arbitrary<Step>, { maxLength: 4 }),
})).steps.chain((steps) => fc.array(exprArb(true), { minLength: 1, maxLength: 3 }).map((result) => ({ steps, result })));

/** Structure-static: the same calls every run, arguments read straight from fields or constants. */
export const staticProgramArb: fc.Arbitrary<Program> = fc
  .tuple(fc.array(callArb(false, [0, 1, effectfulOp]), { minLength: 1, maxLength: 6 }), fc.array(exprArb(true), { minLength: 1, maxLength: 3 }))
  .map(([steps, result]) => ({ steps, result }));

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

/** A fresh set of operators on its own clock and log, and the program's operator over them. */
export function makeProgramWorld(program: Program) {
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
  class ProgramOperator extends Operator<RunInput, { r: unknown[] }> {
    readonly ops = ops;
    async forward(inputs: RunInput) {
      const results: Array<Output> = [];
      await runSteps(program.steps, inputs, results, this.ops);
      return { r: program.result.map((e) => evaluate(e, inputs, results)) };
    }
  }
  return { clock, log, ops, ProgramOperator };
}

async function runSteps(steps: readonly Step[], inputs: RunInput, results: Array<Output>, ops: Operator[]): Promise<void> {
  for (const step of steps) {
    if (step.k === "call") {
      const args = Object.fromEntries(Object.entries(step.args).map(([key, e]) => [key, evaluate(e, inputs, results)]));
      results.push((await ops[step.op]!.invoke(args)) as Output);
    } else if (step.k === "if") {
      await runSteps(String(evaluate(step.cond, inputs, results)).length % 2 === 0 ? step.then : step.else, inputs, results, ops);
    } else {
      const count = String(evaluate(step.count, inputs, results)).length % 3;
      for (let i = 0; i < count; i++) await runSteps(step.body, inputs, results, ops);
    }
  }
}

function evaluate(expr: Expr, inputs: RunInput, results: Array<Output>): string | number {
  switch (expr.k) {
    case "input":
      return inputs[expr.field];
    case "result": {
      const result = results[results.length - 1 - (expr.back % Math.max(1, results.length))];
      return result ? result[expr.field] : inputs.a;
    }
    case "const":
      return expr.value;
    case "upper":
      return String(evaluate(expr.of, inputs, results)).toUpperCase();
    case "length":
      return String(evaluate(expr.of, inputs, results)).length;
  }
}

export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
