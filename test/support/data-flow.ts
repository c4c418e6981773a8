/**
 * What a run's data flow allows in flight: the most calls that can run at once under any schedule
 * in which a call starts only after every call whose output its input reads (directly or through
 * another call) has ended. That is the largest set of calls none of which reads another's output,
 * directly or not (a maximum antichain of the reads order), and no schedule, however clever,
 * overlaps more of those calls. It is computed as the fewest chains covering the calls (Dilworth):
 * the number of calls minus a maximum matching of "a must end before b" pairs.
 *
 * @param reads for each call, in the order they were made, the earlier calls (by index) whose
 *   outputs its input reads.
 */
export function dataFlowWidth(reads: readonly (readonly number[])[]): number {
  const n = reads.length;
  // before[b]: every call that must end before b starts (the reads, transitively).
  const before = reads.map(() => new Set<number>());
  reads.forEach((sources, b) => {
    for (const a of sources) {
      if (a >= b || a < 0) throw new Error(`call ${b} reads call ${a}: a call reads only earlier calls`);
      before[b]!.add(a);
      for (const earlier of before[a]!) before[b]!.add(earlier);
    }
  });
  // Maximum matching of a (left) to a later b (right) with a in before[b], by augmenting paths.
  const matchOf = new Array<number>(n).fill(-1); // right b -> left a
  const augment = (a: number, seen: boolean[]): boolean => {
    for (let b = a + 1; b < n; b++) {
      if (!before[b]!.has(a) || seen[b]) continue;
      seen[b] = true;
      if (matchOf[b] === -1 || augment(matchOf[b]!, seen)) {
        matchOf[b] = a;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let a = 0; a < n; a++) if (augment(a, new Array<boolean>(n).fill(false))) matched++;
  return n - matched;
}
