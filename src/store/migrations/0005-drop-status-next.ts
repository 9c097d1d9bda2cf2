import type { Kysely } from 'kysely';

/** Claiming uses (status, id) since 0004; the (status, next_attempt_at) index only cost a third index write per status change. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_status_next').execute();
}
