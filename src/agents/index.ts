/**
 * The agents layer: the gateway that answers typed agent tasks with the configured provider (the
 * offline heuristic, or an LLM through the Vercel AI SDK), and the heuristic algorithms loops'
 * tasks are built from.
 */
export type { AgentUsage, AgentUsageLedger } from './budget.js';
export { type AgentGatewayOptions, createAgentGateway } from './gateway.js';
export * from './heuristics/index.js';
export type { AgentBudget, AgentProviderName, AgentsSettings } from './settings.js';
