import type { Decision } from '../../kernel/index.js';
import type { Db } from '../open-store.js';
import { getDecisions } from './decisions.js';

/**
 * The newest `limit` decisions of a loop in one mode made (by their own instant) in [from, to),
 * optionally only of some event types, returned oldest first.
 */
export async function decisionsInWindow(
  db: Db,
  q: { loop: string; mode: string; from: string; to?: string; eventTypes?: readonly string[]; limit: number },
): Promise<Decision[]> {
  let query = db
    .selectFrom('decisions')
    .select('id')
    .where('loop', '=', q.loop)
    .where('mode', '=', q.mode)
    .where('now', '>=', q.from)
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.to) query = query.where('now', '<', q.to);
  if (q.eventTypes && q.eventTypes.length > 0) query = query.where('event_type', 'in', [...q.eventTypes]);
  const ids = (await query.execute()).map((r) => r.id);
  return getDecisions(db, ids);
}

/** Decisions of a loop made with one config version, in one mode, oldest first, one page at a time. */
export async function decisionsOfVersion(
  db: Db,
  q: { loop: string; configVersion: string; mode: string; afterId?: string; limit: number },
): Promise<Decision[]> {
  let query = db
    .selectFrom('decisions')
    .select('id')
    .where('loop', '=', q.loop)
    .where('config_version', '=', q.configVersion)
    .where('mode', '=', q.mode)
    .orderBy('id')
    .limit(q.limit);
  if (q.afterId) query = query.where('id', '>', q.afterId);
  const ids = (await query.execute()).map((r) => r.id);
  return getDecisions(db, ids);
}
