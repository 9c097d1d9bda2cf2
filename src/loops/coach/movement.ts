import { mean, stdDev } from './rep-metrics.js';

/** A metric that moved well away from the rep's own trailing average or from their peers. */
export interface Movement {
  /** Stable key for deduplication: metric, basis and direction. */
  key: string;
  metric: string;
  basis: 'own' | 'peers';
  direction: 'up' | 'down';
  value: number;
  /** The trailing average (own) or the other reps' mean (peers). */
  reference: number;
  /** own: the change as a share of the trailing average. */
  change: number | null;
  /** peers: standard deviations from the other reps' mean. */
  z: number | null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
/** A z-score past this is reported as this: the peers agree exactly, the rep does not. */
const MAX_Z = 99;

/**
 * The move against the rep's own trailing average, when the current value differs from it by at
 * least `threshold` of it. A zero average counts any nonzero value as a full move.
 */
export function ownMove(
  metric: string,
  value: number | null,
  trailing: number | null,
  threshold: number,
): Movement | null {
  if (value === null || trailing === null || value === trailing) return null;
  const change = trailing === 0 ? 1 : Math.abs(value - trailing) / Math.abs(trailing);
  if (change < threshold) return null;
  const direction = value > trailing ? 'up' : 'down';
  return {
    key: `${metric}:own:${direction}`,
    metric,
    basis: 'own',
    direction,
    value,
    reference: trailing,
    change: round(change),
    z: null,
  };
}

/**
 * The move against the other reps' values (leave-one-out, so one outlier does not hide itself in
 * the spread), when the value is at least `threshold` standard deviations from their mean.
 */
export function peerMove(
  metric: string,
  value: number | null,
  others: readonly number[],
  threshold: number,
  minPeers: number,
): Movement | null {
  if (value === null || others.length < minPeers) return null;
  const m = mean(others) as number;
  const sd = stdDev(others) as number;
  if (value === m) return null;
  const z = sd === 0 ? MAX_Z * Math.sign(value - m) : Math.max(-MAX_Z, Math.min(MAX_Z, (value - m) / sd));
  if (Math.abs(z) < threshold) return null;
  const direction = z > 0 ? 'up' : 'down';
  return {
    key: `${metric}:peers:${direction}`,
    metric,
    basis: 'peers',
    direction,
    value,
    reference: round(m),
    change: null,
    z: round(z),
  };
}
