import type { Json, TraceEntry } from '../../kernel/index.js';
import type { Db } from '../open-store.js';
import { unpackText } from './packed-text.js';

/** What the route fairness ledger reads of one decision. */
export interface PoolDecisionRow {
  id: string;
  now: string;
  output: Json;
  trace: TraceEntry[];
}

/**
 * Live decisions of a loop made at or after `since` (by the decision's own instant) whose trace
 * names `pool`, oldest first, one page at a time (pass the last id as `afterId`). The name test
 * is a text prefilter; the caller checks the parsed trace.
 */
export async function poolDecisions(
  db: Db,
  args: { loop: string; pool: string; since: string; until?: string; afterId?: string; limit: number },
): Promise<PoolDecisionRow[]> {
  let q = db
    .selectFrom('decisions')
    .select(['id', 'now', 'output', 'trace'])
    .where('loop', '=', args.loop)
    .where('mode', '=', 'live')
    .where('now', '>=', args.since)
    .where('trace', 'like', `%"pool":${JSON.stringify(args.pool)}%`)
    .orderBy('id')
    .limit(args.limit);
  if (args.until) q = q.where('now', '<', args.until);
  if (args.afterId) q = q.where('id', '>', args.afterId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    now: r.now,
    output: JSON.parse(unpackText(r.output)) as Json,
    trace: JSON.parse(r.trace) as TraceEntry[],
  }));
}
