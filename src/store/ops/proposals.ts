import { sql } from 'kysely';
import type { Db } from '../open-store.js';
import type { ProposalTable } from '../schema.js';

/** A proposal's lifecycle: open (perhaps running in shadow), then accepted, rejected, superseded or rolled back. */
export type ProposalStatus = 'open' | 'accepted' | 'rejected' | 'superseded' | 'rolled-back';

/** Who resolves a proposal when earned autonomy accepts it. */
export const AUTONOMY_ACTOR = 'revloops:autonomy';

/** A proposal row as stored. */
export type ProposalRow = ProposalTable;

/** Stores a new proposal. */
export async function insertProposal(db: Db, row: ProposalRow): Promise<void> {
  await db.insertInto('proposals').values(row).execute();
}

/** One proposal by id, or by a unique prefix of its id (at least 8 characters). */
export async function findProposals(db: Db, id: string): Promise<ProposalRow[]> {
  const exact = await db.selectFrom('proposals').selectAll().where('id', '=', id).execute();
  if (exact.length > 0 || id.length < 8) return exact;
  return db
    .selectFrom('proposals')
    .selectAll()
    .where('id', '>=', id)
    .where('id', '<', `${id}\uffff`)
    .limit(2)
    .execute();
}

/** Proposals, newest first, filtered by loop and status. */
export async function listProposals(
  db: Db,
  q: { loop?: string; status?: string; feedback?: string; limit?: number },
): Promise<ProposalRow[]> {
  let query = db.selectFrom('proposals').selectAll().orderBy('id', 'desc');
  if (q.loop) query = query.where('loop', '=', q.loop);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.feedback) query = query.where('feedback', '=', q.feedback);
  if (q.limit) query = query.limit(q.limit);
  return query.execute();
}

/** Open proposals that run in shadow beside the active config, oldest first. */
export async function shadowProposals(db: Db): Promise<ProposalRow[]> {
  return db
    .selectFrom('proposals')
    .selectAll()
    .where('status', '=', 'open')
    .where('shadow_since', 'is not', null)
    .orderBy('id')
    .execute();
}

/**
 * Changes a proposal only while it is in one of `from` (so two people acting at once cannot both
 * resolve it); returns whether it changed.
 */
export async function updateProposal(
  db: Db,
  id: string,
  from: readonly ProposalStatus[],
  values: Partial<Omit<ProposalRow, 'id'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('proposals')
    .set(values)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * How people decided proposals of a kind: accepted by a person (whether or not it was rolled back
 * later) and rejected. Accepts by earned autonomy are not counted.
 */
export async function proposalDecisions(
  db: Db,
  q: { feedback: string; loop?: string },
): Promise<{ accepted: number; rejected: number }> {
  let query = db
    .selectFrom('proposals')
    .select([
      sql<string>`sum(case when status in ('accepted', 'rolled-back') then 1 else 0 end)`.as('accepted'),
      sql<string>`sum(case when status = 'rejected' then 1 else 0 end)`.as('rejected'),
    ])
    .where('feedback', '=', q.feedback)
    .where('resolved_by', 'is not', null)
    .where('resolved_by', '<>', AUTONOMY_ACTOR);
  if (q.loop) query = query.where('loop', '=', q.loop);
  const r = await query.executeTakeFirst();
  return { accepted: Number(r?.accepted ?? 0), rejected: Number(r?.rejected ?? 0) };
}
