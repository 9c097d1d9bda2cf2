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
