// Module hooks for the jit bench: "xcs-jit" resolves to the runtime compiled next to the bench
// (bench/.tmp/jit-build/runtime), so the bench and the scenarios share one copy of it.
const runtime = new URL("../.tmp/jit-build/runtime/index.js", import.meta.url).href;

export async function resolve(specifier, context, next) {
  return specifier === "xcs-jit" ? { url: runtime, shortCircuit: true } : next(specifier, context);
}
