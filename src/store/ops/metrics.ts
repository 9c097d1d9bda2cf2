import { sql } from 'kysely';
import { type MetricObservation, type MetricSummary, rollUp } from '../../kernel/index.js';
import { preparedStatement, withSqlite } from '../dialects/sqlite.js';
import type { Db } from '../open-store.js';

/** The rollup upsert on SQLite, prepared once: the hot path adds a batch's points with it. */
const ADD_POINT = `insert into metrics (loop, bucket, metric, label, count, sum, min, max) values (?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (loop, metric, label, bucket) do update set count = metrics.count + excluded.count,
  sum = metrics.sum + excluded.sum,
  min = case when excluded.min < metrics.min then excluded.min else metrics.min end,
  max = case when excluded.max > metrics.max then excluded.max else metrics.max end`;

/** The hour bucket an instant falls in. */
export function hourBucket(iso: string): string {
  return `${iso.slice(0, 13)}:00:00.000Z`;
}

/** Adds observations to the hourly rollups (count, sum, min, max), one upsert per metric and label. */
export async function addMetricPoints(
  db: Db,
  args: { loop: string; at: string; observations: readonly MetricObservation[] },
): Promise<void> {
  const bucket = hourBucket(args.at);
  const rollups = new Map<string, MetricSummary>();
  for (const o of args.observations) rollUp(rollups, o);
  const native = await withSqlite(db, (database) => {
    const add = preparedStatement(database, ADD_POINT);
    for (const r of rollups.values())
      add.run(args.loop, bucket, r.metric, r.label, r.count, r.sum, r.min, r.max);
    return true;
  });
  if (native) return;
  for (const r of rollups.values()) {
    await db
      .insertInto('metrics')
      .values({ loop: args.loop, bucket, ...r })
      .onConflict((oc) =>
        oc.columns(['loop', 'metric', 'label', 'bucket']).doUpdateSet({
          count: sql`metrics.count + excluded.count`,
          sum: sql`metrics.sum + excluded.sum`,
          min: sql`case when excluded.min < metrics.min then excluded.min else metrics.min end`,
          max: sql`case when excluded.max > metrics.max then excluded.max else metrics.max end`,
        }),
      )
      .execute();
  }
}

/** Sums a loop's rollups since an instant, per metric and label. */
export async function summarizeMetrics(db: Db, loop: string, since: string): Promise<MetricSummary[]> {
  const rows = await db
    .selectFrom('metrics')
    .select([
      'metric',
      'label',
      sql<string>`sum(count)`.as('count'),
      sql<string>`sum(sum)`.as('sum'),
      sql<string>`min(min)`.as('min'),
      sql<string>`max(max)`.as('max'),
    ])
    .where('loop', '=', loop)
    .where('bucket', '>=', hourBucket(since))
    .groupBy(['metric', 'label'])
    .orderBy('metric')
    .orderBy('label')
    .execute();
  return rows.map((r) => ({
    metric: r.metric,
    label: r.label,
    count: Number(r.count),
    sum: Number(r.sum),
    min: Number(r.min),
    max: Number(r.max),
  }));
}
