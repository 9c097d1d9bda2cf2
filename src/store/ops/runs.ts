import type { Db } from '../open-store.js';
import type { RunTable } from '../schema.js';

/** Stores a run (schedule tick, plan/apply, model run). */
export async function insertRun(
  db: Db,
  run: Omit<RunTable, 'summary'> & { summary: unknown },
): Promise<void> {
  await db
    .insertInto('runs')
    .values({ ...run, summary: JSON.stringify(run.summary) })
    .execute();
}
