import { ModelRegistry, buildGraph, simulatedModels } from "xcs-jit";

const registry = new ModelRegistry(simulatedModels({ latency: { fixedMs: 5 } }));
export const graph = buildGraph(["3:E:simulated:gpt-4o:0.7", "1:J:simulated:claude-3-5-sonnet:0"], { registry });

export async function streamed(write: (text: string) => void) {
  const stream = graph.stream({ query: "Why is the sky blue?" });
  for await (const event of stream) {
    if (event.type === "node-finished" && event.path.startsWith("E0/units.")) write(`unit done: ${event.path}\n`);
    else if (event.type === "text-delta" && event.path.startsWith("J")) write(event.delta); // the judge, as it writes
  }
  return stream.result; // what invoke resolves to
}
