import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * The two counts route makes for every pool member of every lead, indexed so they cost the same
 * with years of history as on the first day:
 * - the leads a pool gave a rep on their local day: the lead's owner (key3) and a `routed_on`
 *   column the database derives from the data, so writers do not change;
 * - a person's open tasks: assignee and status (key1, key2) together.
 * Each new index starts with the column of an index it replaces (key3 of leads, key1 of tasks), so
 * writes keep the same number of indexes to update.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter)
    await sql`alter table rec_lead add column routed_on text as (json_extract(data, '$.routedOn')) virtual`.execute(
      db,
    );
  else
    await sql`alter table rec_lead add column routed_on text generated always as ((data::jsonb ->> 'routedOn')) stored`.execute(
      db,
    );
  await db.schema
    .createIndex('rec_lead_owner_routed_on')
    .on('rec_lead')
    .columns(['key3', 'routed_on'])
    .execute();
  await db.schema.dropIndex('rec_lead_key3').execute();
  await db.schema.createIndex('rec_task_assignee_status').on('rec_task').columns(['key1', 'key2']).execute();
  await db.schema.dropIndex('rec_task_key1').execute();
}
