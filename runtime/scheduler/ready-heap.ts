/**
 * Ready nodes waiting for a concurrency slot, highest priority first: the longest remaining path (`plan.slotRank`),
 * then the earliest in program order. A binary heap over node indexes.
 */
export class ReadyHeap {
  private readonly items: Int32Array;
  private count = 0;

  constructor(
    capacity: number,
    private readonly rank: Int32Array,
  ) {
    this.items = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(node: number): void {
    let at = this.count++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(node, this.items[parent]!)) break;
      this.items[at] = this.items[parent]!;
      at = parent;
    }
    this.items[at] = node;
  }

  pop(): number {
    return this.removeAt(0);
  }

  /** The first node in priority order that `accept` takes, removed; -1 when none (a scan: for rare callers). */
  popFirst(accept: (node: number) => boolean): number {
    let best = -1;
    for (let k = 0; k < this.count; k++) {
      const node = this.items[k]!;
      if (accept(node) && (best < 0 || this.before(node, this.items[best]!))) best = k;
    }
    return best < 0 ? -1 : this.removeAt(best);
  }

  private removeAt(from: number): number {
    const removed = this.items[from]!;
    const last = this.items[--this.count]!;
    if (from === this.count) return removed;
    // `last` goes where `removed` was: up past parents it comes before, else down.
    let at = from;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(last, this.items[parent]!)) break;
      this.items[at] = this.items[parent]!;
      at = parent;
    }
    if (at === from) {
      for (;;) {
        let child = 2 * at + 1;
        if (child >= this.count) break;
        if (child + 1 < this.count && this.before(this.items[child + 1]!, this.items[child]!)) child++;
        if (!this.before(this.items[child]!, last)) break;
        this.items[at] = this.items[child]!;
        at = child;
      }
    }
    this.items[at] = last;
    return removed;
  }

  private before(a: number, b: number): boolean {
    const ra = this.rank[a]!;
    const rb = this.rank[b]!;
    return ra > rb || (ra === rb && a < b);
  }
}
