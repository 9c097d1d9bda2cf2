/** A deal as the coach reads it from an opportunity record. Times are in ms. */
export interface DealFacts {
  id: string;
  ownerId: string | null;
  shape: string | null;
  outcome: 'open' | 'won' | 'lost';
  /** engage's discovery coverage share (0–1), when discovery ran. */
  coverage: number | null;
  /** When discovery qualified the deal. */
  qualifiedAt: number | null;
  /** When the deal started (SQO, else created). */
  startedAt: number | null;
  closedAt: number | null;
  /** People on the deal, when known. */
  contacts: number | null;
  /** Days spent in each stage, when the history is known. */
  stageDays: Readonly<Record<string, number>> | null;
  stage: string;
}

/** A routed lead: when it was assigned, first touched, and its SLA state. */
export interface LeadFacts {
  ownerId: string;
  assignedAt: number;
  firstTouchAt: number | null;
  slaStatus: string | null;
}

/** A reviewed sequence draft: approved or rejected, and whether the rep edited it. */
export interface SequenceFacts {
  ownerId: string;
  reviewedAt: number;
  approved: boolean;
  edited: boolean;
}

/** Everything the metrics are computed from. */
export interface Observations {
  deals: readonly DealFacts[];
  leads: readonly LeadFacts[];
  sequences: readonly SequenceFacts[];
}

/** A half-open span of time [from, to), in ms. */
export interface Window {
  from: number;
  to: number;
}

/** Metric values by path (null: too few samples) and the samples behind each. */
export interface MetricSet {
  values: Record<string, number | null>;
  samples: Record<string, number>;
}

/** What shapes the computation: the ordered stages, the shapes and the minimum samples. */
export interface MetricOptions {
  stages: readonly string[];
  shapes: readonly string[];
  minSamples: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

const round = (x: number, places = 3): number => {
  const f = 10 ** places;
  return Math.round(x * f) / f;
};

/** The mean, or null for none. */
export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The median, or null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The population standard deviation, or null for none. */
export function stdDev(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (m === null) return null;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
}

const inside = (t: number | null, w: Window): t is number => t !== null && t >= w.from && t < w.to;

class Collector {
  readonly set: MetricSet = { values: {}, samples: {} };
  constructor(private readonly minSamples: number) {}
  put(path: string, value: number | null, samples: number): void {
    this.set.samples[path] = samples;
    this.set.values[path] = value === null || samples < this.minSamples ? null : round(value);
  }
  rate(path: string, hits: number, of: number): void {
    this.put(path, of === 0 ? null : hits / of, of);
  }
}

/** Win rate and mean cycle days of won deals, over deals closed in the window. */
function outcomes(c: Collector, prefix: string, deals: readonly DealFacts[], w: Window): void {
  const closed = deals.filter((d) => d.outcome !== 'open' && inside(d.closedAt, w));
  c.rate(`${prefix}winRate`, closed.filter((d) => d.outcome === 'won').length, closed.length);
  const cycles = closed
    .filter((d) => d.outcome === 'won' && d.startedAt !== null && d.closedAt !== null)
    .map((d) => ((d.closedAt as number) - (d.startedAt as number)) / DAY);
  c.put(`${prefix}cycleDays`, mean(cycles), cycles.length);
}

/** The furthest stage a deal reached, as an index of `stages` (won deals passed them all). */
export function furthestStage(d: DealFacts, stages: readonly string[]): number {
  if (d.outcome === 'won') return stages.length;
  let best = -1;
  const lower = stages.map((s) => s.toLowerCase());
  for (const s of [...Object.keys(d.stageDays ?? {}), d.stage])
    best = Math.max(best, lower.indexOf(s.toLowerCase()));
  return best;
}

/**
 * Stage conversion (of the closed deals that reached a stage, the share that reached the next one,
 * or won from the last) and mean days in each stage, over deals closed in the window whose stage
 * history is known.
 */
function stageMetrics(c: Collector, deals: readonly DealFacts[], w: Window, stages: readonly string[]): void {
  const known = deals.filter((d) => d.outcome !== 'open' && inside(d.closedAt, w) && d.stageDays !== null);
  stages.forEach((stage, i) => {
    const reached = known.filter((d) => furthestStage(d, stages) >= i);
    c.rate(
      `stages.${stage}.conversion`,
      reached.filter((d) => furthestStage(d, stages) > i).length,
      reached.length,
    );
    const days = known.flatMap((d) => {
      const v = Object.entries(d.stageDays ?? {}).find(([k]) => k.toLowerCase() === stage.toLowerCase())?.[1];
      return v === undefined ? [] : [v];
    });
    c.put(`stages.${stage}.days`, mean(days), days.length);
  });
}

/**
 * The metrics of one set of observations (a rep's, or the team's pooled) over a window: discovery
 * coverage, response hours to routed leads (median) and the SLA met rate, sequence approval and
 * edit rates, win rate and cycle days (overall and by shape), single-threaded share, and stage
 * conversion and days. Pure.
 */
export function metricsFor(obs: Observations, w: Window, options: MetricOptions): MetricSet {
  const c = new Collector(options.minSamples);
  const covered = obs.deals.filter((d) => d.coverage !== null && inside(d.qualifiedAt, w));
  c.put('discoveryCoverage', mean(covered.map((d) => d.coverage as number)), covered.length);
  const routed = obs.leads.filter((l) => inside(l.assignedAt, w));
  // A first touch before the assignment (a recycled or re-routed lead) is not this rep's response.
  const touched = routed.filter((l) => l.firstTouchAt !== null && l.firstTouchAt >= l.assignedAt);
  c.put(
    'responseHours',
    median(touched.map((l) => ((l.firstTouchAt as number) - l.assignedAt) / HOUR)),
    touched.length,
  );
  const settled = routed.filter(
    (l) => l.slaStatus === 'met' || l.slaStatus === 'breached' || l.slaStatus === 'escalated',
  );
  c.rate('slaMetRate', settled.filter((l) => l.slaStatus === 'met').length, settled.length);
  const reviewed = obs.sequences.filter((s) => inside(s.reviewedAt, w));
  const approved = reviewed.filter((s) => s.approved);
  c.rate('sequenceApprovalRate', approved.length, reviewed.length);
  c.rate('sequenceEditRate', approved.filter((s) => s.edited).length, approved.length);
  outcomes(c, '', obs.deals, w);
  for (const shape of options.shapes)
    outcomes(
      c,
      `shapes.${shape}.`,
      obs.deals.filter((d) => d.shape === shape),
      w,
    );
  // Deals worked in the window: open at its end, or closed within it.
  const worked = obs.deals.filter(
    (d) =>
      d.contacts !== null &&
      (d.startedAt === null || d.startedAt < w.to) &&
      (d.closedAt === null ? d.outcome === 'open' : d.closedAt >= w.from),
  );
  c.rate('singleThreadedShare', worked.filter((d) => (d.contacts as number) <= 1).length, worked.length);
  stageMetrics(c, obs.deals, w, options.stages);
  return c.set;
}

/** The observations of some reps only. */
export function observationsOf(obs: Observations, reps: ReadonlySet<string>): Observations {
  return {
    deals: obs.deals.filter((d) => d.ownerId !== null && reps.has(d.ownerId)),
    leads: obs.leads.filter((l) => reps.has(l.ownerId)),
    sequences: obs.sequences.filter((s) => reps.has(s.ownerId)),
  };
}
