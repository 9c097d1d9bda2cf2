/** One line of a line diff: kept, removed or added. */
export interface DiffOp {
  op: '=' | '-' | '+';
  line: string;
}

/**
 * The shortest line diff of two texts (longest common subsequence), removals before additions.
 * Common head and tail lines are matched first, so config files that differ in a few places cost little.
 */
export function lineDiff(a: readonly string[], b: readonly string[]): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const n = x.length;
  const m = y.length;
  // lcs at (i, j): the longest common subsequence of x[i..] and y[j..]
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => lcs[i * (m + 1) + j] as number;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * (m + 1) + j] = x[i] === y[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const out: DiffOp[] = a.slice(0, head).map((line) => ({ op: '=', line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push({ op: '=', line: x[i] as string });
      i++;
      j++;
    } else if (i < n && (j >= m || at(i + 1, j) >= at(i, j + 1))) {
      out.push({ op: '-', line: x[i] as string });
      i++;
    } else {
      out.push({ op: '+', line: y[j] as string });
      j++;
    }
  }
  for (const line of a.slice(a.length - tail)) out.push({ op: '=', line });
  return out;
}
