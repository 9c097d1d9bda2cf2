import type { Kysely } from 'kysely';

/** Claiming scans events by status in id order: one index serves it on both dialects. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('events_status_id').on('events').columns(['status', 'id']).execute();
}
