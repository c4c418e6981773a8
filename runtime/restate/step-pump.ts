import { RestatePromise } from "@restatedev/restate-sdk";
import type { StepOutcome } from "./step.js";

/**
 * Lets code that awaits steps from several places at once (a `forward` with `Promise.all`) wait on
 * them through plain promises. The SDK allows one pending await on Restate promises at a time
 * (awaiting two directly fails with "awaitNext already pending"), so one loop races the steps in
 * flight and settles each caller's promise in the order Restate reports completions, which a
 * replay reproduces.
 */
export class StepPump {
  private readonly inFlight = new Map<number, RestatePromise<{ id: number; outcome: StepOutcome }>>();
  private readonly waiting = new Map<number, { resolve: (o: StepOutcome) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private pumping = false;

  await(step: RestatePromise<StepOutcome>): Promise<StepOutcome> {
    const id = this.nextId++;
    this.inFlight.set(id, step.map((outcome) => ({ id, outcome: outcome! })));
    const settled = new Promise<StepOutcome>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (!this.pumping) void this.pump();
    return settled;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.inFlight.size > 0) {
        const { id, outcome } = await RestatePromise.race([...this.inFlight.values()]);
        this.inFlight.delete(id);
        this.waiting.get(id)!.resolve(outcome);
        this.waiting.delete(id);
      }
    } catch (error) {
      // The SDK's own error (the invocation is suspending or closing): every waiter hears it.
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
      this.inFlight.clear();
    } finally {
      this.pumping = false;
    }
  }
}
