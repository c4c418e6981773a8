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
    const top = this.items[0]!;
    const last = this.items[--this.count]!;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.count) break;
      if (child + 1 < this.count && this.before(this.items[child + 1]!, this.items[child]!)) child++;
      if (!this.before(this.items[child]!, last)) break;
      this.items[at] = this.items[child]!;
      at = child;
    }
    if (this.count > 0) this.items[at] = last;
    return top;
  }

  private before(a: number, b: number): boolean {
    const ra = this.rank[a]!;
    const rb = this.rank[b]!;
    return ra > rb || (ra === rb && a < b);
  }
}
