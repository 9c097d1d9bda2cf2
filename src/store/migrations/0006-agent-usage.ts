import type { Kysely } from 'kysely';

/** Agent calls and tokens per loop and UTC day, so a daily budget holds across every worker. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_usage')
    .addColumn('loop', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .addColumn('tokens', 'bigint', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_usage_pk', ['loop', 'day'])
    .execute();
}
