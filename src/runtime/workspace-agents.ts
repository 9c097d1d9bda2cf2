import { type AgentUsageLedger, createAgentGateway } from '../agents/index.js';
import type { AgentGateway } from '../kernel/index.js';
import { reserveAgentCall, type Store, settleAgentCall } from '../store/index.js';
import type { Workspace } from '../workspace/index.js';

/** Agent usage counted in the store's `agent_usage` table, shared by every process on the store. */
export function agentUsageLedger(store: Store): AgentUsageLedger {
  return {
    reserve: (args) => reserveAgentCall(store.db, args),
    settle: (args) => settleAgentCall(store.db, args),
  };
}

/**
 * The agent gateway a workspace's `agents` block configures, counting LLM calls per loop and UTC
 * day (of `clock`, the engine's wall clock) in the store so a daily budget holds across every worker.
 */
export function workspaceAgents(
  workspace: Workspace,
  store: Store,
  env: Readonly<Record<string, string | undefined>> = process.env,
  clock?: () => Date,
): AgentGateway {
  return createAgentGateway(workspace.config.agents, { env, usage: agentUsageLedger(store), clock });
}
