/**
 * A `@structuralJit` class that reaches `invoke` without an emitted structure runs through the
 * tracing JIT: correct, but not what its author asked for, and usually a missing build step. Said
 * once per class (not per instance or call), through `process.emitWarning` so that Node's own
 * switches (`--disable-warning=XCS_NOT_COMPILED`, `--no-warnings`) silence it.
 */
import { XCS_DIAGNOSTICS } from "../builder/index.js";
import { operatorName } from "../operator.js";

export const NOT_COMPILED_WARNING = "XCS_NOT_COMPILED";

/** Classes already warned about (weak: a class dropped with its module is not kept alive). */
const warned = new WeakSet<Function>();

/**
 * For an instance without a usable structure. A class the transformer compiled and bailed out
 * on carries its diagnostics (which `explain` lists): that is a decision, not a missing plugin.
 */
export function warnNotCompiled(op: object): void {
  const cls = op.constructor;
  if (warned.has(cls) || Object.hasOwn(cls, XCS_DIAGNOSTICS)) return;
  warned.add(cls);
  const name = operatorName(op);
  process.emitWarning(
    `${name} is @structuralJit but was not compiled by the xcs-jit transformer, so it runs through the tracing JIT. ` +
      `Add the plugin: { "transform": "xcs-jit/transformer" } in compilerOptions.plugins of tsconfig.json (built with tspc), ` +
      `or xcsJit() from "xcs-jit/vite" in your Vite/Vitest config. If tracing is what you want, decorate the class with @jit instead; ` +
      `to silence this warning, run node with --disable-warning=${NOT_COMPILED_WARNING}.`,
    { code: NOT_COMPILED_WARNING, type: "XcsJitWarning" },
  );
}
