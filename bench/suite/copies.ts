// The three compiled copies of scenarios.ts the modes run. The structural copy is `tspc`'s
// output. The plain `tsc` output is imported twice under different URLs (two module instances,
// so two sets of classes): one registered with the tracing JIT, one made eager.
import { jit, type Operator } from "xcs-jit";
import type { Scenarios } from "./catalog.js";
import type { Copy } from "./modes.js";

type ClassRunner = (op: Operator<any, any>, inputs: unknown, options: unknown, ctx: { signal: AbortSignal }) => Promise<unknown>;

// Internal, loaded from the same built copy of the package that "xcs-jit" resolves to.
const { setClassRunner } = (await import(new URL("./dispatch.js", import.meta.resolve("xcs-jit")).href)) as {
  setClassRunner(cls: Function, runner: ClassRunner): void;
};

/** What `invoke` does for a class no decorator registered: run `forward` (validation stays). */
const runForward: ClassRunner = async (op, inputs, _options, ctx) => op.forward(inputs, ctx);

export async function loadCopies(structuralUrl: string, plainUrl: string): Promise<Record<Copy, Scenarios>> {
  const structural = (await import(structuralUrl)) as Scenarios;
  const traced = (await import(`${plainUrl}?copy=traced`)) as Scenarios;
  const eager = (await import(`${plainUrl}?copy=eager`)) as Scenarios;
  for (const cls of traced.scenarioClasses) jit(cls);
  // The plain copy's @structuralJit found no emitted structure and registered the tracing
  // fallback; replace it so these classes run `forward` with no JIT at all.
  for (const cls of eager.scenarioClasses) setClassRunner(cls, runForward);
  return { structural, traced, eager };
}
