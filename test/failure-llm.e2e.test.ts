import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { getAgentUsage, listDecisions, listEvents, listReviewItems } from '../src/store/index.js';
import { cli } from './helpers/cli.js';
import { FakeLlm, type SegmentOutput, segmentLoop, strictSegmentLoop } from './helpers/failure-llm.js';

// The agent provider of a workspace is a loopback server speaking the provider's API. It goes down
// (connection refused), answers HTTP 500, and answers too slowly; then it comes back. The designed
// outcome: the gateway retries (agents.maxRetries) within agents.timeoutMs, then a loop that asks
// through askAgent sends the item to review with the precise reason (the event is done with its
// decision); a loop that lets AGENT_UNAVAILABLE escape fails the event, which the worker retries with
// backoff and dead-letters after runtime.maxAttempts, and `events retry --all-dead` finishes it once
// the provider is back. No event is lost or decided twice.

const PROVIDERS = [
  { provider: 'openai-compatible', model: 'gpt-4o-mini', endpoint: '/v1/chat/completions' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5', endpoint: '/v1/messages' },
] as const;

const LOOPS = [segmentLoop, strictSegmentLoop];
const env = { LLM_KEY: 'sk-failure-test', REVLOOPS_DATABASE_URL: '' };
const DAY = '2025-03-01';

describe.each(PROVIDERS)('the $provider provider fails and recovers', (p) => {
  const llm = new FakeLlm();
  let dir = '';
  let ws = '';
  let now = new Date(`${DAY}T09:00:00Z`);
  const clock = () => now;
  const run = async (...argv: string[]) => cli([...argv, '--workspace', ws, '--json'], LOOPS, clock, env);
  const worker = async () => {
    const r = await run('worker', '--once');
    return { code: r.code, totals: JSON.parse(r.out) as { decisions: number; failed: number; dead: number } };
  };
  let seq = 0;
  const emit = async (type: string, employees: number) => {
    seq++;
    const r = await run('emit', type, JSON.stringify({ name: `Co${seq}`, employees }));
    expect(r.code).toBe(0);
    return `Co${seq}`;
  };

  async function snapshot() {
    const store = await openStore({ kind: 'sqlite', path: join(ws, '.revloops', 'revloops.db') });
    try {
      return {
        decisions: await listDecisions(store.db, {}),
        events: await listEvents(store.db, { limit: 1000 }),
        reviews: await listReviewItems(store.db, {}),
        usage: await getAgentUsage(store.db, 'segment', DAY),
        strictUsage: await getAgentUsage(store.db, 'strict-segment', DAY),
      };
    } finally {
      await store.close();
    }
  }

  const outputOf = async (name: string) => {
    const { decisions } = await snapshot();
    const d = decisions.filter((x) => x.subject === `account:${name}`);
    expect(d).toHaveLength(1);
    return d[0]?.output as unknown as SegmentOutput;
  };

  beforeAll(async () => {
    await llm.start();
    dir = mkdtempSync(join(tmpdir(), 'rl-failure-llm-'));
    ws = join(dir, 'ws');
    mkdirSync(join(ws, 'loops'), { recursive: true });
    writeFileSync(
      join(ws, 'revloops.yaml'),
      [
        `name: failure-${p.provider}`,
        'loops: [segment, strict-segment]',
        'plugins: []',
        'agents:',
        `  provider: ${p.provider}`,
        `  model: ${p.model}`,
        `  baseUrl: ${llm.base}/v1`,
        '  apiKeyEnv: LLM_KEY',
        '  timeoutMs: 8000',
        '  maxRetries: 1',
        'runtime:',
        '  concurrency: 4',
        '  maxAttempts: 3',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await llm.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('down (connection refused): retried, then each item goes to review with the reason', async () => {
    await llm.stop();
    const names = [await emit('account.created', 40), await emit('account.created', 5000)];
    const { code, totals } = await worker();
    expect(code).toBe(0);
    expect(totals).toMatchObject({ decisions: 2, failed: 0, dead: 0 });
    for (const name of names) {
      const out = await outputOf(name);
      expect(out.route).toBe('review');
      expect(out.segment).toBeNull();
      expect(out.why).toMatch(
        new RegExp(
          `^agent task segment-company \\(${p.provider} model ${p.model}\\): cannot reach ${llm.base}${p.endpoint}: .+ \\(2 attempts\\)$`,
        ),
      );
    }
    const { reviews, usage } = await snapshot();
    expect(reviews.filter((r) => r.status === 'open')).toHaveLength(2);
    expect(reviews.every((r) => (r.reasoning ?? '').includes('cannot reach'))).toBe(true);
    expect(usage).toMatchObject({ calls: 2, failures: 2 });
  });

  it('HTTP 500: each call is tried 1 + maxRetries times, then the item goes to review', async () => {
    await llm.start();
    llm.mode = 'http-500';
    const before = llm.received.length;
    const names = [await emit('account.created', 12), await emit('account.created', 2500)];
    const { totals } = await worker();
    expect(totals).toMatchObject({ decisions: 2, failed: 0, dead: 0 });
    expect(llm.received.length - before).toBe(4);
    for (const name of names) {
      const out = await outputOf(name);
      expect(out.route).toBe('review');
      expect(out.why).toContain(
        `HTTP 500 from ${llm.base}${p.endpoint}: {"error":{"message":"the model is overloaded"`,
      );
      expect(out.why).toMatch(/\(2 attempts\)$/);
    }
  });

  it('slow (past agents.timeoutMs): the call is abandoned at the timeout and the item goes to review', async () => {
    llm.mode = 'slow';
    llm.slowMs = 20_000;
    const started = performance.now();
    const name = await emit('account.created', 7);
    const { totals } = await worker();
    expect(totals).toMatchObject({ decisions: 1, failed: 0, dead: 0 });
    expect(performance.now() - started).toBeLessThan(16_000);
    const out = await outputOf(name);
    expect(out).toMatchObject({
      route: 'review',
      why: `agent task segment-company (${p.provider} model ${p.model}): no answer within 8000 ms (agents.timeoutMs)`,
    });
  });

  it('a loop that lets the failure escape: the event is retried with backoff, then dead with the reason', async () => {
    await llm.stop();
    const names = [await emit('account.imported', 30), await emit('account.imported', 3000)];
    const first = await worker();
    expect(first.totals).toMatchObject({ decisions: 0, failed: 2, dead: 0 });
    const failed = (await snapshot()).events.filter((e) => e.type === 'account.imported');
    for (const e of failed) {
      expect(e).toMatchObject({ status: 'failed', attempts: 1 });
      expect(e.last_error).toMatch(/^AGENT_UNAVAILABLE: agent task segment-company .*cannot reach/);
      // the first retry waits 2 s (runtime backoff), so a pass before then does not touch it
      expect(Date.parse(e.next_attempt_at)).toBe(now.getTime() + 2_000);
    }
    expect((await worker()).totals).toMatchObject({ decisions: 0, failed: 0, dead: 0 });
    now = new Date(now.getTime() + 2_000);
    expect((await worker()).totals).toMatchObject({ failed: 2, dead: 0 });
    now = new Date(now.getTime() + 4_000);
    const last = await worker();
    expect(last.code).toBe(1); // the worker reports dead events
    expect(last.totals).toMatchObject({ decisions: 0, failed: 0, dead: 2 });
    const dead = (await snapshot()).events.filter((e) => e.type === 'account.imported');
    expect(dead.map((e) => [e.status, e.attempts])).toEqual([
      ['dead', 3],
      ['dead', 3],
    ]);
    expect(dead.every((e) => (e.last_error ?? '').includes('cannot reach'))).toBe(true);

    // the provider comes back: a worker pass alone leaves dead events dead; retry --all-dead finishes them
    await llm.start();
    llm.mode = 'ok';
    expect((await worker()).totals).toMatchObject({ decisions: 0, dead: 0 });
    const retried = JSON.parse((await run('events', 'retry', '--all-dead')).out) as {
      retried: { id: string; was: string }[];
    };
    expect(retried.retried.map((r) => r.was)).toEqual(['dead', 'dead']);
    expect((await worker()).totals).toMatchObject({ decisions: 2, failed: 0, dead: 0 });
    const { decisions, strictUsage } = await snapshot();
    for (const [i, name] of names.entries()) {
      const d = decisions.filter((x) => x.subject === `account:${name}`);
      expect(d).toHaveLength(1);
      expect(d[0]?.output).toMatchObject({ segment: i === 0 ? 'smb' : 'enterprise' });
    }
    // one counted call per attempt: 2 events × 3 failed attempts, then one answered call each
    expect(strictUsage).toMatchObject({ calls: 8, failures: 6 });
  });

  it('back up: new items are answered, nothing is lost or doubled, and replay calls no model', async () => {
    llm.mode = 'ok';
    const name = await emit('account.created', 8000);
    const { totals } = await worker();
    expect(totals).toMatchObject({ decisions: 1, failed: 0, dead: 0 });
    expect(await outputOf(name)).toMatchObject({ segment: 'enterprise', route: 'fire' });

    const { events, decisions, reviews } = await snapshot();
    expect(events).toHaveLength(8);
    expect(events.every((e) => e.status === 'done')).toBe(true);
    // exactly one decision per event, per loop
    const perEvent = new Map<string, number>();
    for (const d of decisions) perEvent.set(d.eventId ?? '', (perEvent.get(d.eventId ?? '') ?? 0) + 1);
    expect([...perEvent.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);
    // the five items the outage sent to review are still open for a person, each with its reason
    expect(reviews.filter((r) => r.status === 'open')).toHaveLength(5);
    const nothingDead = JSON.parse((await run('events', 'retry', '--all-dead')).out);
    expect(nothingDead).toEqual({ retried: [], deliveries: 0 });

    const calls = llm.received.length;
    await llm.stop();
    const replayed = await run('replay', '--all');
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.out)).toMatchObject({ checked: 8, identical: 8, different: 0 });
    expect(llm.received.length).toBe(calls);
  });
});
