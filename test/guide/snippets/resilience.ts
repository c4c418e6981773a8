import { ModelRegistry, SimulatedModel, UniformEnsemble, meterUsage, usageOf } from "xcs-jit";

// A busy provider: many attempts get a 429 (deterministically, from the request).
const busy = new SimulatedModel({ id: "simulated:gpt-4o-mini", latency: { fixedMs: 1 }, failures: { rateLimit: 0.6, retryAfterMs: 5 } });

const registry = new ModelRegistry();
registry.register(busy, {
  timeoutMs: 30_000, // per attempt; the default is 120 s, so a hung connection never hangs a run
  retry: {
    maxRetries: 1,
    baseDelayMs: 5,
    maxRetryAfterMs: 10_000, // a provider asking for longer fails the call at once, saying so
    deadlineMs: 60_000, // attempts and waits together, per call
    retryOn: ["rate-limit", "server", "connection", "timeout"], // the default; 4xx never
  },
});

export async function tolerantRun() {
  // Eight drafts; five are enough. The others' failures are in the result, not thrown.
  const drafts = new UniformEnsemble({ numUnits: 8, model: "simulated:gpt-4o-mini", registry, minSuccesses: 5 });
  try {
    const { result, usage } = await meterUsage(() => drafts.invoke({ query: "Name a colour." }));
    return { answers: result.answers, failed: result.failures ?? [], paid: usage.total.requests };
  } catch (error) {
    // A failed run still reports what its calls used: the answers paid for before it failed.
    return { error: String(error), paid: usageOf(error)?.total.requests ?? 0 };
  }
}
