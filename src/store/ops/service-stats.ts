import { sql } from 'kysely';
import type { Db } from '../open-store.js';

/** Decisions per loop and mode, for the service's Prometheus gauges. */
export async function decisionCounts(db: Db): Promise<{ loop: string; mode: string; count: number }[]> {
  const rows = await db
    .selectFrom('decisions')
    .select(['loop', 'mode', sql<number>`count(*)`.as('n')])
    .groupBy(['loop', 'mode'])
    .execute();
  return rows.map((r) => ({ loop: r.loop, mode: r.mode, count: Number(r.n) }));
}

/** Open review items per loop and queue. */
export async function openReviewCounts(db: Db): Promise<{ loop: string; queue: string; count: number }[]> {
  const rows = await db
    .selectFrom('review_items')
    .select(['loop', 'queue', sql<number>`count(*)`.as('n')])
    .where('status', '=', 'open')
    .groupBy(['loop', 'queue'])
    .execute();
  return rows.map((r) => ({ loop: r.loop, queue: r.queue, count: Number(r.n) }));
}

/** When the oldest event still waiting to be processed was accepted, or null when none waits. */
export async function oldestWaitingEvent(db: Db): Promise<string | null> {
  const r = await db
    .selectFrom('events')
    .select(sql<string | null>`min(created_at)`.as('oldest'))
    .where('status', 'in', ['pending', 'claimed', 'failed'])
    .executeTakeFirst();
  return r?.oldest ?? null;
}

/** Events by type and idempotency key, to answer for events that were already known. */
export async function eventsByKey(
  db: Db,
  keys: readonly string[],
): Promise<{ id: string; type: string; payload: string; idempotency_key: string }[]> {
  if (keys.length === 0) return [];
  return db
    .selectFrom('events')
    .select(['id', 'type', 'payload', 'idempotency_key'])
    .where('idempotency_key', 'in', keys)
    .execute();
}

/** Checks the store answers. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
