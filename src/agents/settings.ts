/** Which provider answers agent tasks. */
export type AgentProviderName = 'heuristic' | 'openai-compatible' | 'anthropic';

/** A per-loop daily limit on agent calls and tokens (UTC days). */
export interface AgentBudget {
  maxCalls?: number | undefined;
  maxTokens?: number | undefined;
}

/** The `agents` block of revloops.yaml, as the gateway reads it (the workspace schema is the source). */
export interface AgentsSettings {
  provider: AgentProviderName;
  model?: string | undefined;
  baseUrl?: string | undefined;
  apiKeyEnv?: string | undefined;
  /** Per call, retries included (default 20000). */
  timeoutMs?: number | undefined;
  /** Retries of a failed HTTP call (default 2). */
  maxRetries?: number | undefined;
  /** Cap on the tokens one answer may use (default 2048). */
  maxOutputTokens?: number | undefined;
  budget?: AgentBudget | undefined;
}

/** The defaults the workspace schema also applies. */
export const AGENT_DEFAULTS = { timeoutMs: 20_000, maxRetries: 2, maxOutputTokens: 2048 } as const;

/** The environment variable the Anthropic provider reads its key from unless `apiKeyEnv` says otherwise. */
export const ANTHROPIC_KEY_ENV = 'ANTHROPIC_API_KEY';
