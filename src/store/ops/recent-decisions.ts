import type { DecisionView } from '../../kernel/index.js';
import type { Db } from '../open-store.js';
import { getDecisionViews } from './decisions.js';

/** The newest decisions as views (see DecisionView), newest first: of one loop and mode when given. */
export async function recentDecisions(
  db: Db,
  q: { loop?: string; mode?: string; limit: number },
): Promise<DecisionView[]> {
  let query = db.selectFrom('decisions').select('id').orderBy('id', 'desc').limit(q.limit);
  if (q.loop) query = query.where('loop', '=', q.loop);
  if (q.mode) query = query.where('mode', '=', q.mode);
  const ids = (await query.execute()).map((r) => r.id);
  return (await getDecisionViews(db, ids)).reverse();
}
