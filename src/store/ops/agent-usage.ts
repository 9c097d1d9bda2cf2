import { sql } from 'kysely';
import type { Db } from '../open-store.js';

/** Agent usage rows: calls, tokens and failures of one loop on one UTC day. */
interface AgentUsageTable {
  loop: string;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  calls: number;
  tokens: number | string;
  failures: number;
  updated_at: string;
}

/** A loop's agent usage on one day. */
export interface AgentUsageRow {
  loop: string;
  day: string;
  calls: number;
  tokens: number;
  failures: number;
}

/** The limits a reservation must stay within; null means no limit. */
export interface AgentCallLimits {
  maxCalls: number | null;
  maxTokens: number | null;
}

function usageDb(db: Db) {
  return db.withTables<{ agent_usage: AgentUsageTable }>();
}

function toRow(r: Pick<AgentUsageTable, 'loop' | 'day' | 'calls' | 'tokens' | 'failures'>): AgentUsageRow {
  return {
    loop: r.loop,
    day: r.day,
    calls: Number(r.calls),
    tokens: Number(r.tokens),
    failures: Number(r.failures),
  };
}

/** A loop's usage on a day (zeros if it made no call). */
export async function getAgentUsage(db: Db, loop: string, day: string): Promise<AgentUsageRow> {
  const r = await usageDb(db)
    .selectFrom('agent_usage')
    .select(['loop', 'day', 'calls', 'tokens', 'failures'])
    .where('loop', '=', loop)
    .where('day', '=', day)
    .executeTakeFirst();
  return r ? toRow(r) : { loop, day, calls: 0, tokens: 0, failures: 0 };
}

/**
 * Counts one agent call for a loop and day if it stays within the limits: calls below `maxCalls`
 * and tokens below `maxTokens` before this call. One conditional upsert, so concurrent workers on
 * SQLite or PostgreSQL cannot together exceed the call limit. Returns whether the call may go
 * ahead and the usage (after counting it, or as it stands when refused).
 */
export async function reserveAgentCall(
  db: Db,
  args: { loop: string; day: string; now: string } & AgentCallLimits,
): Promise<{ allowed: boolean; usage: AgentUsageRow }> {
  const { loop, day, now, maxCalls, maxTokens } = args;
  const row = await usageDb(db)
    .insertInto('agent_usage')
    .values({ loop, day, calls: 1, tokens: 0, failures: 0, updated_at: now })
    .onConflict((oc) => {
      let update = oc
        .columns(['loop', 'day'])
        .doUpdateSet({ calls: sql`agent_usage.calls + 1`, updated_at: now });
      if (maxCalls !== null) update = update.where('agent_usage.calls', '<', maxCalls);
      if (maxTokens !== null) update = update.where('agent_usage.tokens', '<', maxTokens);
      return update;
    })
    .returning(['loop', 'day', 'calls', 'tokens', 'failures'])
    .executeTakeFirst();
  if (row) return { allowed: true, usage: toRow(row) };
  return { allowed: false, usage: await getAgentUsage(db, loop, day) };
}

/** Adds what a reserved call cost once it ended: its tokens, and a failure if it failed. */
export async function settleAgentCall(
  db: Db,
  args: { loop: string; day: string; tokens: number; failed: boolean; now: string },
): Promise<void> {
  await usageDb(db)
    .updateTable('agent_usage')
    .set({
      tokens: sql`agent_usage.tokens + ${Math.max(0, Math.round(args.tokens))}`,
      failures: sql`agent_usage.failures + ${args.failed ? 1 : 0}`,
      updated_at: args.now,
    })
    .where('loop', '=', args.loop)
    .where('day', '=', args.day)
    .execute();
}
