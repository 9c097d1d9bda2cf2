import type { Kysely } from 'kysely';

/** Schedule state: the last tick each scheduled loop fired, so ticks fire once and catch up after downtime. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('schedules')
    .addColumn('loop', 'text', (c) => c.primaryKey())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('last_tick_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('runs_loop_started').on('runs').columns(['loop', 'started_at']).execute();
}
