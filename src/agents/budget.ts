import type { AgentBudget } from './settings.js';

/** A loop's agent usage on one UTC day. */
export interface AgentUsage {
  calls: number;
  tokens: number;
  failures: number;
}

/**
 * Where agent calls are counted per loop and UTC day, shared by every process of a workspace (the
 * store's `agent_usage` table), so a daily budget holds across workers.
 */
export interface AgentUsageLedger {
  /** Counts one call if calls and tokens so far are below the limits (null: no limit); atomic. */
  reserve(args: {
    loop: string;
    day: string;
    now: string;
    maxCalls: number | null;
    maxTokens: number | null;
  }): Promise<{ allowed: boolean; usage: AgentUsage }>;
  /** Adds what a counted call cost once it ended. */
  settle(args: { loop: string; day: string; now: string; tokens: number; failed: boolean }): Promise<void>;
}

/** A reserved call, to settle when it ends. */
export interface Reservation {
  settle(tokens: number, failed: boolean): Promise<void>;
}

/**
 * Reserves one call of a loop for today (UTC) in the ledger. Returns the reservation, or the reason
 * the budget refuses it (a call already counted is never undone: a refused call is not counted).
 */
export async function reserveCall(
  ledger: AgentUsageLedger,
  budget: AgentBudget | undefined,
  loop: string,
  now: Date,
): Promise<Reservation | string> {
  const day = now.toISOString().slice(0, 10);
  const maxCalls = budget?.maxCalls ?? null;
  const maxTokens = budget?.maxTokens ?? null;
  const r = await ledger.reserve({ loop, day, now: now.toISOString(), maxCalls, maxTokens });
  if (!r.allowed) {
    const spent =
      maxCalls !== null && r.usage.calls >= maxCalls
        ? `${r.usage.calls} of ${maxCalls} calls (agents.budget.maxCalls)`
        : `${r.usage.tokens} of ${maxTokens} tokens (agents.budget.maxTokens)`;
    return `the daily agent budget of loop ${loop} is spent for ${day} UTC: ${spent}; the call was not made`;
  }
  return {
    settle: (tokens, failed) => ledger.settle({ loop, day, now: now.toISOString(), tokens, failed }),
  };
}
