import { createServer, type Server } from "node:http";

/**
 * Counts calls in flight across processes: a leaf posts `/enter/<process>` when its call starts and
 * `/leave/<process>` when it ends. Keeps the peak per process and over all of them, and the calls
 * each process made. `holdFirst(n)` holds the first `n` calls until all `n` are in flight at once: a
 * run that cannot have `n` calls in flight never gets past it. `holdFirst(Infinity)` holds every
 * call until `reset`.
 */
export class InFlightCounter {
  readonly current = new Map<string, number>();
  readonly peak = new Map<string, number>();
  readonly calls = new Map<string, number>();
  total = 0;
  peakTotal = 0;
  private barrier = 0;
  private held: (() => void)[] = [];
  private constructor(private readonly server: Server, readonly url: string) {}

  static start(): Promise<InFlightCounter> {
    return new Promise((resolve) => {
      let counter: InFlightCounter;
      const server = createServer((request, response) => {
        const [, action, who] = (request.url ?? "").split("/") as [string, string, string];
        counter.update(action, who);
        if (action !== "enter" || counter.barrier === 0) return response.end();
        counter.held.push(() => response.end());
        if (counter.held.length === counter.barrier) {
          counter.barrier = 0;
          counter.held.splice(0).forEach((release) => release());
        }
      });
      server.listen(0, "127.0.0.1", () => resolve((counter = new InFlightCounter(server, `http://127.0.0.1:${(server.address() as { port: number }).port}`))));
    });
  }

  holdFirst(n: number): void {
    this.barrier = n;
  }

  reset(): void {
    for (const map of [this.current, this.peak, this.calls]) map.clear();
    this.total = this.peakTotal = this.barrier = 0;
    this.held.splice(0).forEach((release) => release());
  }

  private update(action: string, who: string): void {
    const delta = action === "enter" ? 1 : -1;
    const now = (this.current.get(who) ?? 0) + delta;
    this.current.set(who, now);
    this.total += delta;
    if (delta === 1) this.calls.set(who, (this.calls.get(who) ?? 0) + 1);
    this.peak.set(who, Math.max(this.peak.get(who) ?? 0, now));
    this.peakTotal = Math.max(this.peakTotal, this.total);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
