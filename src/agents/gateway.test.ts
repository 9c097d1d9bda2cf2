import { describe, expect, it } from 'vitest';
import { type AgentTask, askAgent, createTrace, RevloopsError } from '../kernel/index.js';
import type { AgentUsage, AgentUsageLedger } from './budget.js';
import { createAgentGateway } from './gateway.js';
import { segmentTask } from './test-tasks.js';

const heuristic = createAgentGateway({ provider: 'heuristic' }, { env: {} });

async function reason(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RevloopsError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** An in-memory ledger with the store's semantics, to check what the gateway counts. */
function memoryLedger(): AgentUsageLedger & { rows: Map<string, AgentUsage> } {
  const rows = new Map<string, AgentUsage>();
  return {
    rows,
    reserve: async ({ loop, day, maxCalls, maxTokens }) => {
      const u = rows.get(`${loop}/${day}`) ?? { calls: 0, tokens: 0, failures: 0 };
      const allowed =
        (maxCalls === null || u.calls < maxCalls) && (maxTokens === null || u.tokens < maxTokens);
      if (allowed) u.calls++;
      rows.set(`${loop}/${day}`, u);
      return { allowed, usage: { ...u } };
    },
    settle: async ({ loop, day, tokens, failed }) => {
      const u = rows.get(`${loop}/${day}`);
      if (u) {
        u.tokens += tokens;
        u.failures += failed ? 1 : 0;
      }
    },
  };
}

describe('the heuristic provider', () => {
  it('answers with the task heuristic, as provider heuristic and model heuristic-1, with no tokens', async () => {
    const a = await heuristic.ask(segmentTask, { name: 'Acme', employees: 4000 });
    expect(a).toMatchObject({
      answer: { segment: 'enterprise' },
      confidence: 0.9,
      reasoning: 'Acme has 4000 employees (enterprise from 1000)',
      provider: 'heuristic',
      model: 'heuristic-1',
      tokens: 0,
    });
    expect(a.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses an input that breaks the task input schema as the loop bug it is', async () => {
    const bad = { name: '', employees: -1 } as unknown as { name: string; employees: number };
    expect(await reason(heuristic.ask(segmentTask, bad))).toEqual({
      code: 'CONTRACT_VIOLATION',
      message:
        'input of agent task segment-company does not satisfy its contract: name: Too small: expected string to have >=1 characters',
    });
  });

  it('turns a throwing heuristic, a confidence out of [0,1] or a wrong answer shape into AGENT_UNAVAILABLE', async () => {
    const throwing: AgentTask<{ name: string; employees: number }, { segment: 'smb' | 'enterprise' }> = {
      ...segmentTask,
      heuristic: () => {
        throw new Error('no size data');
      },
    };
    expect(await reason(heuristic.ask(throwing, { name: 'A', employees: 1 }))).toEqual({
      code: 'AGENT_UNAVAILABLE',
      message: 'agent task segment-company (heuristic): the heuristic failed: no size data',
    });
    const overconfident = {
      ...segmentTask,
      heuristic: () => ({ answer: { segment: 'smb' as const }, confidence: 1.5, reasoning: '' }),
    };
    expect((await reason(heuristic.ask(overconfident, { name: 'A', employees: 1 }))).message).toBe(
      "agent task segment-company (heuristic): the answer does not match the task's output schema: confidence: Too big: expected number to be <=1",
    );
    const wrong = {
      ...segmentTask,
      heuristic: () => ({
        answer: { segment: 'huge' } as unknown as { segment: 'smb' },
        confidence: 0.5,
        reasoning: '',
      }),
    };
    expect((await reason(heuristic.ask(wrong, { name: 'A', employees: 1 }))).message).toContain(
      'answer.segment: Invalid option: expected one of "smb"|"enterprise"',
    );
  });

  it('is routed by askAgent: fire, review or triage by confidence, and review with the reason on failure', async () => {
    const trace = createTrace();
    const ctx = { agents: heuristic, trace };
    const t = { autoAccept: 0.85, review: 0.5 };
    expect(await askAgent(ctx, segmentTask, { name: 'Big', employees: 5000 }, t)).toMatchObject({
      ok: true,
      route: 'fire',
    });
    expect(await askAgent(ctx, segmentTask, { name: 'Mid', employees: 900 }, t)).toMatchObject({
      ok: true,
      route: 'review',
    });
    const failing = {
      ...segmentTask,
      heuristic: () => ({ answer: { segment: 'smb' as const }, confidence: -1, reasoning: '' }),
    };
    const out = await askAgent(ctx, failing, { name: 'X', employees: 1 }, t);
    expect(out).toMatchObject({ ok: false, route: 'review' });
    expect(trace.entries().at(-1)).toMatchObject({ kind: 'step', name: 'agent-unavailable' });
  });

  it('costs nothing, so it is not counted against a budget', async () => {
    const ledger = memoryLedger();
    const g = createAgentGateway(
      { provider: 'heuristic', budget: { maxCalls: 1 } },
      { env: {}, usage: ledger },
    );
    const q = g.forLoop?.('qualify');
    for (let i = 0; i < 3; i++) await q?.ask(segmentTask, { name: 'A', employees: 10 });
    expect(ledger.rows.size).toBe(0);
  });
});

describe('createAgentGateway', () => {
  it('rejects LLM settings without a model or a base URL, and a budget with nowhere to count', () => {
    expect(() => createAgentGateway({ provider: 'anthropic' }, { env: {} })).toThrow(
      'agents.model is required for provider anthropic',
    );
    expect(() => createAgentGateway({ provider: 'openai-compatible', model: 'm' }, { env: {} })).toThrow(
      'agents.baseUrl is required for provider openai-compatible',
    );
    expect(() =>
      createAgentGateway({ provider: 'anthropic', model: 'm', budget: { maxCalls: 5 } }, { env: {} }),
    ).toThrow('agents.budget is set but the gateway has no usage ledger');
  });

  it('gives one gateway per loop, and a missing API key is AGENT_UNAVAILABLE counted as a failure', async () => {
    const ledger = memoryLedger();
    const g = createAgentGateway(
      { provider: 'anthropic', model: 'claude-x', apiKeyEnv: 'MY_KEY' },
      { env: {}, usage: ledger, clock: () => new Date('2025-03-01T23:59:00Z') },
    );
    expect(g.forLoop?.('qualify')).toBe(g.forLoop?.('qualify'));
    expect(
      await reason(
        g.forLoop?.('qualify')?.ask(segmentTask, { name: 'A', employees: 1 }) ?? Promise.resolve(),
      ),
    ).toEqual({
      code: 'AGENT_UNAVAILABLE',
      message:
        'agent task segment-company (anthropic model claude-x): the API key variable MY_KEY (agents.apiKeyEnv) is not set',
    });
    expect(ledger.rows.get('qualify/2025-03-01')).toEqual({ calls: 1, tokens: 0, failures: 1 });
    const anthropicDefault = createAgentGateway({ provider: 'anthropic', model: 'claude-x' }, { env: {} });
    expect((await reason(anthropicDefault.ask(segmentTask, { name: 'A', employees: 1 }))).message).toContain(
      'the API key variable ANTHROPIC_API_KEY (agents.apiKeyEnv) is not set',
    );
  });

  it('refuses calls once a loop has spent its daily calls, per loop and per UTC day', async () => {
    const ledger = memoryLedger();
    let now = new Date('2025-03-01T10:00:00Z');
    const g = createAgentGateway(
      { provider: 'anthropic', model: 'claude-x', apiKeyEnv: 'NO_KEY', budget: { maxCalls: 1 } },
      { env: {}, usage: ledger, clock: () => now },
    );
    const ask = (loop: string) =>
      reason(g.forLoop?.(loop)?.ask(segmentTask, { name: 'A', employees: 1 }) ?? Promise.resolve());
    expect((await ask('qualify')).message).toContain('API key');
    expect((await ask('qualify')).message).toBe(
      'agent task segment-company (anthropic model claude-x): the daily agent budget of loop qualify is spent for 2025-03-01 UTC: 1 of 1 calls (agents.budget.maxCalls); the call was not made',
    );
    expect((await ask('route')).message).toContain('API key');
    now = new Date('2025-03-02T00:00:01Z');
    expect((await ask('qualify')).message).toContain('API key');
  });
});
