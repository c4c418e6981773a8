// The entry of test/bundler/class-expression.test.ts's bundle: how both class expressions run.
import { explain } from "xcs-jit";
import { joiner, Pair } from "./class-expression.js";

const pair = new Pair();
const calls = (op: Parameters<typeof explain>[0]) => explain(op).graph?.nodes.filter((n) => n.kind === "call").length;
let stack = "";
try {
  await pair.forward({ q: "boom" });
} catch (error) {
  stack = (error as Error).stack ?? "";
}
console.log(JSON.stringify({
  modes: [explain(pair).mode, explain(joiner).mode],
  calls: [calls(pair), calls(joiner)],
  compiled: [await pair.invoke({ q: "hi" }), await joiner.invoke({ q: "hi" })],
  eager: [await pair.forward({ q: "hi" }), await joiner.forward({ q: "hi" })],
  stack,
}));
