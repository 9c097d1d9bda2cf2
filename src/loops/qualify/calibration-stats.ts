import { seededRandom } from '../../kernel/index.js';

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

/** One grade's row of a backtest: how many leads, how many had the outcome, and the lift over average. */
export interface GradeRow {
  grade: string;
  leads: number;
  share: number;
  positives: number;
  /** positives / leads (null with no leads). */
  rate: number | null;
  /** rate / the overall rate (null when either is undefined or the overall rate is 0). */
  lift: number | null;
}

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

/** Leads, outcome rate and lift per grade, in the order given (highest grade first). */
export function gradeTable(
  gradeOrder: readonly string[],
  grades: readonly string[],
  labels: readonly boolean[],
): GradeRow[] {
  const total = grades.length;
  const overall = total === 0 ? 0 : labels.filter(Boolean).length / total;
  return gradeOrder.map((grade) => {
    let leads = 0;
    let positives = 0;
    grades.forEach((g, i) => {
      if (g !== grade) return;
      leads++;
      if (labels[i]) positives++;
    });
    const rate = leads === 0 ? null : positives / leads;
    return {
      grade,
      leads,
      share: total === 0 ? 0 : round(leads / total),
      positives,
      rate: rate === null ? null : round(rate),
      lift: rate === null || overall === 0 ? null : round(rate / overall, 3),
    };
  });
}

/** How far apart two grade mixes are: half the sum of the share differences (0 = same, 1 = disjoint). */
export function mixShift(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  const grades = new Set([...Object.keys(a), ...Object.keys(b)]);
  let sum = 0;
  for (const g of grades) sum += Math.abs((a[g] ?? 0) - (b[g] ?? 0));
  return round(sum / 2);
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
    test.push(...idx.slice(0, held));
    train.push(...idx.slice(held));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
