import { sql } from 'kysely';
import type { Db } from '../open-store.js';

/**
 * Serialises writers that share `name` across workers for the rest of the transaction: on
 * PostgreSQL an advisory transaction lock; on SQLite the write transaction itself already
 * serialises writers.
 */
export async function lockForTransaction(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  name: string,
): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(db);
}
