import type { Db } from '../open-store.js';
import type { ScheduleTable } from '../schema.js';
import { lockForTransaction } from './locks.js';

/** Serialises schedule ticks across workers for the rest of the transaction. */
export async function lockSchedules(db: Db, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await lockForTransaction(db, dialect, 'revloops.schedules');
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
