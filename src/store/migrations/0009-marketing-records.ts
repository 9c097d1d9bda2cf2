import type { Kysely } from 'kysely';
import { createRecordTable } from './0002-records.js';

/** Records of the generate loop: campaign members, marketing touches and intent signals. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const kind of ['campaign_member', 'touch', 'intent'] as const) await createRecordTable(db, kind);
}
