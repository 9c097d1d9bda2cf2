import type { Db } from '../open-store.js';
import type { ConfigVersionTable } from '../schema.js';

/** Records that a config version was seen now (first time: inserted; again: last-seen moves). */
export async function recordConfigVersion(
  db: Db,
  v: { loop: string; hash: string; gitSha: string | null; source: string; content: unknown; now: string },
): Promise<void> {
  await db
    .insertInto('config_versions')
    .values({
      loop: v.loop,
      hash: v.hash,
      git_sha: v.gitSha,
      source: v.source,
      content: JSON.stringify(v.content),
      first_seen_at: v.now,
      last_seen_at: v.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['loop', 'hash'])
        .doUpdateSet({ last_seen_at: v.now, git_sha: (eb) => eb.ref('excluded.git_sha') }),
    )
    .execute();
}

/** Every version of a loop's config, oldest first. */
export async function listConfigVersions(db: Db, loop: string): Promise<ConfigVersionTable[]> {
  return db
    .selectFrom('config_versions')
    .selectAll()
    .where('loop', '=', loop)
    .orderBy('first_seen_at')
    .orderBy('hash')
    .execute();
}

/** One version by loop and hash (a unique prefix of at least 6 characters is enough). */
export async function getConfigVersion(db: Db, loop: string, hash: string): Promise<ConfigVersionTable[]> {
  return db
    .selectFrom('config_versions')
    .selectAll()
    .where('loop', '=', loop)
    .where('hash', 'like', `${hash.replace(/[%_]/g, '')}%`)
    .execute();
}
