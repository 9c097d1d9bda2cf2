/** A unified diff of two texts, line by line, with `context` unchanged lines around each change. */
export function unifiedDiff(before: string, after: string, file: string, context = 2): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Longest common subsequence table, from the ends (config files are a few hundred lines).
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--)
      row[j] =
        a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
  }
  type Line = { op: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      lines.push({ op: ' ', text: a[i] as string, ai: i++, bi: j++ });
    } else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      lines.push({ op: '-', text: a[i] as string, ai: i++, bi: j });
    } else {
      lines.push({ op: '+', text: b[j] as string, ai: i, bi: j++ });
    }
  }
  const changed = lines.map((l, k) => (l.op === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] as number) - context);
    let end = Math.min(lines.length - 1, (changed[k] as number) + context);
    while (k + 1 < changed.length && (changed[k + 1] as number) - context <= end + 1) {
      k++;
      end = Math.min(lines.length - 1, (changed[k] as number) + context);
    }
    const hunk = lines.slice(start, end + 1);
    const first = hunk[0] as Line;
    const aLen = hunk.filter((l) => l.op !== '+').length;
    const bLen = hunk.filter((l) => l.op !== '-').length;
    out.push(`@@ -${first.ai + 1},${aLen} +${first.bi + 1},${bLen} @@`);
    for (const l of hunk) out.push(`${l.op}${l.text}`);
    k++;
  }
  return out.join('\n');
}
