import { sql } from 'kysely';
import type { Db } from '../open-store.js';
import { hourBucket } from './metrics.js';

/** One rollup of one metric and label in one hour bucket. */
export interface MetricPoint {
  bucket: string;
  metric: string;
  label: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** A loop's hourly rollups in [since, until), oldest bucket first. */
export async function metricSeries(
  db: Db,
  q: { loop: string; since: string; until?: string },
): Promise<MetricPoint[]> {
  let query = db
    .selectFrom('metrics')
    .selectAll()
    .where('loop', '=', q.loop)
    .where('bucket', '>=', hourBucket(q.since))
    .orderBy('bucket')
    .orderBy('metric')
    .orderBy('label');
  if (q.until) query = query.where('bucket', '<', q.until);
  return (await query.execute()).map((r) => ({
    bucket: r.bucket,
    metric: r.metric,
    label: r.label,
    count: Number(r.count),
    sum: Number(r.sum),
    min: Number(r.min),
    max: Number(r.max),
  }));
}

/**
 * Percentiles of the latency of a loop's live decisions made since an instant (nearest rank),
 * read from the decisions themselves: hourly rollups keep sums, not distributions.
 */
export async function latencyPercentiles(
  db: Db,
  q: { loop: string; since: string; percentiles: readonly number[] },
): Promise<{ count: number; values: Record<string, number | null> }> {
  const base = db
    .selectFrom('decisions')
    .where('loop', '=', q.loop)
    .where('mode', '=', 'live')
    .where('now', '>=', q.since);
  const count = Number((await base.select(sql<string>`count(*)`.as('n')).executeTakeFirst())?.n ?? 0);
  const values: Record<string, number | null> = {};
  for (const p of q.percentiles) {
    const key = `p${Math.round(p * 100)}`;
    if (count === 0) {
      values[key] = null;
      continue;
    }
    const offset = Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1));
    const row = await base
      .select('latency_ms')
      .orderBy('latency_ms')
      .limit(1)
      .offset(offset)
      .executeTakeFirst();
    values[key] = row ? Number(row.latency_ms) : null;
  }
  return { count, values };
}
