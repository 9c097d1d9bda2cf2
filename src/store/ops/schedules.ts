import { sql } from 'kysely';
import type { Db } from '../open-store.js';
import type { ScheduleTable } from '../schema.js';

/**
 * Serialises schedule ticks across workers for the rest of the transaction: on PostgreSQL an
 * advisory transaction lock; on SQLite the write transaction itself already serialises writers.
 */
export async function lockSchedules(db: Db, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext('revloops.schedules'))`.execute(db);
}

/** The schedule state of a loop, if it ever ticked. */
export async function getSchedule(db: Db, loop: string): Promise<ScheduleTable | undefined> {
  return db.selectFrom('schedules').selectAll().where('loop', '=', loop).executeTakeFirst();
}

/** Records the last tick a loop fired. */
export async function saveSchedule(db: Db, s: ScheduleTable): Promise<void> {
  await db
    .insertInto('schedules')
    .values(s)
    .onConflict((oc) =>
      oc.column('loop').doUpdateSet({ cron: s.cron, last_tick_at: s.last_tick_at, updated_at: s.updated_at }),
    )
    .execute();
}
