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

/** Runs of a loop, newest first. */
export async function listRuns(
  db: Db,
  args: { loop?: string; kind?: string; limit: number },
): Promise<RunTable[]> {
  let q = db
    .selectFrom('runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(args.limit);
  if (args.loop) q = q.where('loop', '=', args.loop);
  if (args.kind) q = q.where('kind', '=', args.kind);
  return q.execute();
}
