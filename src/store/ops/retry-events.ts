import type { Db } from '../open-store.js';
import type { EventTable } from '../schema.js';

/** Which events to retry: given ids, or every dead event. */
export type RetrySelection = { ids: readonly string[] } | { allDead: true };

/**
 * Puts failed or dead events back to pending, due now, with attempts reset; the last error stays
 * on the row until the event succeeds. Returns the events as they were, so callers can show why
 * each had failed. Events in any other state are left alone and not returned. Run it in a
 * transaction so the rows returned are the rows changed.
 */
export async function retryEvents(db: Db, selection: RetrySelection, now: string): Promise<EventTable[]> {
  if ('ids' in selection && selection.ids.length === 0) return [];
  const ids = 'ids' in selection ? [...selection.ids] : null;
  const retriable = ids ? (['failed', 'dead'] as const) : (['dead'] as const);
  let query = db
    .selectFrom('events')
    .selectAll()
    .where('status', 'in', [...retriable])
    .orderBy('id');
  if (ids) query = query.where('id', 'in', ids);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  let update = db
    .updateTable('events')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null, claimed_by: null })
    .where('status', 'in', [...retriable]);
  if (ids) update = update.where('id', 'in', ids);
  await update.execute();
  return rows;
}
