// Printing helpers the examples share: section headers and wall-clock timing of one run.

export function section(title: string): void {
  console.log(`\n== ${title} ==`);
}

export async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}

/** Times a sequential and a parallel run of the same call and prints both and the speedup. */
export async function compareSchedulers<T>(run: (scheduler: "sequential" | "parallel") => Promise<T>): Promise<T> {
  const sequential = await timed(() => run("sequential"));
  const parallel = await timed(() => run("parallel"));
  console.log(`sequential: ${sequential.ms.toFixed(1)} ms`);
  console.log(`parallel:   ${parallel.ms.toFixed(1)} ms`);
  console.log(`speedup:    ${(sequential.ms / parallel.ms).toFixed(1)}x`);
  return parallel.result;
}
