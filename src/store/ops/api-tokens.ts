import type { Db } from '../open-store.js';
import type { ApiTokenTable } from '../schema.js';

/** Stores a new token (its hash only). */
export async function insertApiToken(db: Db, row: ApiTokenTable): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** The token whose secret hashes to `hash`, revoked or not. */
export async function apiTokenByHash(db: Db, hash: string): Promise<ApiTokenTable | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
}

/** Every token, oldest first. */
export async function listApiTokens(db: Db): Promise<ApiTokenTable[]> {
  return db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** Revokes a token; false when there is no such token or it was already revoked. */
export async function revokeApiToken(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Notes when a token was last used. */
export async function touchApiToken(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
