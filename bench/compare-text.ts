/** How bench:check tells a committed result from a regenerated one. */

/** The first differing line of two texts, 1-based, or null if they are the same. */
export function firstDifference(committed: string, produced: string) {
  if (committed === produced) return null;
  const a = committed.split("\n");
  const b = produced.split("\n");
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  // Lines only in one side, counted as multisets: an inserted line counts once, not as a shift.
  const counts = new Map<string, number>();
  for (const text of a) counts.set(text, (counts.get(text) ?? 0) + 1);
  let added = 0;
  for (const text of b) {
    const left = counts.get(text) ?? 0;
    if (left > 0) counts.set(text, left - 1);
    else added++;
  }
  const removed = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { line: line + 1, committed: a[line], produced: b[line], removed, added };
}
