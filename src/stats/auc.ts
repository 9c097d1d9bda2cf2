import { seededRandom } from '../kernel/index.js';

/**
 * The area under the ROC curve of `scores` for `labels`, by the rank statistic (Mann-Whitney U):
 * the chance that a random positive scores above a random negative, ties counting one half (tied
 * scores share their average rank). Null when either class is empty.
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number | null {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.[0] === order[i]?.[0]) j++;
    const rank = (i + 1 + j) / 2; // the average of ranks i+1 .. j
    for (let k = i; k < j; k++) {
      if (labels[order[k]?.[1] ?? -1]) {
        positives++;
        rankSum += rank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The AUC from score histograms: how many positives and how many negatives had each score. */
export function aucFromCounts(
  positives: ReadonlyMap<number, number>,
  negatives: ReadonlyMap<number, number>,
): number | null {
  const scores = [...new Set([...positives.keys(), ...negatives.keys()])].sort((a, b) => a - b);
  let p = 0;
  let n = 0;
  let below = 0; // negatives scored below the current score
  let u = 0;
  for (const s of scores) {
    const ps = positives.get(s) ?? 0;
    const ns = Math.max(0, negatives.get(s) ?? 0);
    u += ps * (below + ns / 2);
    below += ns;
    p += ps;
    n += ns;
  }
  return p === 0 || n === 0 ? null : u / (p * n);
}

/**
 * A seeded split of rows into training and held-back ones, stratified by label so both keep the
 * outcome rate: the same seed and labels always hold back the same rows.
 */
export function seededSplit(
  labels: readonly boolean[],
  holdout: number,
  seed: number,
): { train: number[]; test: number[] } {
  const rng = seededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [true, false]) {
    const idx = labels.flatMap((l, i) => (l === cls ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    const held = Math.round(idx.length * holdout);
    // A loop, not push(...): spreading a few hundred thousand indices overflows the call stack.
    for (const [k, i] of idx.entries()) (k < held ? test : train).push(i);
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
