// The entry of the bundles test/bundler builds: prints how the operator runs, then its results.
import { explain } from "xcs-jit";
import { Thrower } from "./thrower.js";

const op = new Thrower();
const compiled = await op.invoke({ q: "hi" });
const eager = await op.forward({ q: "hi" });
const explained = explain(op);
let stack = "";
try {
  await op.forward({ q: "boom" });
} catch (error) {
  stack = (error as Error).stack ?? "";
}
console.log(JSON.stringify({ mode: explained.mode, calls: explained.graph?.nodes.filter((n) => n.kind === "call").length, compiled, eager, stack }));
