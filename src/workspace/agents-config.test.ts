import { describe, expect, it } from 'vitest';
import { WorkspaceConfig } from './workspace-config.js';

const agentsOf = (agents: unknown) => WorkspaceConfig.safeParse({ name: 'acme', agents });

describe('the agents block of revloops.yaml', () => {
  it('defaults to the offline heuristic with a 20 s timeout, 2 retries and no budget', () => {
    expect(WorkspaceConfig.parse({ name: 'acme' }).agents).toEqual({
      provider: 'heuristic',
      timeoutMs: 20_000,
      maxRetries: 2,
      maxOutputTokens: 2048,
    });
    expect(agentsOf({ provider: 'heuristic' }).data?.agents).toEqual({
      provider: 'heuristic',
      timeoutMs: 20_000,
      maxRetries: 2,
      maxOutputTokens: 2048,
    });
  });

  it('accepts an LLM provider with its limits and a daily budget per loop', () => {
    const r = agentsOf({
      provider: 'openai-compatible',
      model: 'llama3.1',
      baseUrl: 'http://localhost:11434/v1',
      timeoutMs: 5000,
      budget: { maxCalls: 500, maxTokens: 200_000 },
    });
    expect(r.data?.agents).toMatchObject({ timeoutMs: 5000, maxRetries: 2, budget: { maxCalls: 500 } });
  });

  it('names the missing model or base URL, and refuses unknown or out-of-range fields', () => {
    const issues = (agents: unknown) =>
      agentsOf(agents).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ provider: 'anthropic' })).toEqual([
      'agents.model: a model is required for provider anthropic',
    ]);
    expect(issues({ provider: 'openai-compatible', model: 'gpt-4o-mini' })).toEqual([
      'agents.baseUrl: a base URL is required for provider openai-compatible',
    ]);
    expect(issues({ provider: 'heuristic', timeoutMs: 10 })).toEqual([
      'agents.timeoutMs: Too small: expected number to be >=100',
    ]);
    expect(issues({ budget: { maxCalls: 0 } })).toEqual([
      'agents.budget.maxCalls: Too small: expected number to be >=1',
    ]);
    expect(issues({ budget: { calls: 5 } })[0]).toMatch(/^agents\.budget: Unrecognized key/);
  });
});
