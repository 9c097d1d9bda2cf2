import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signupLoop } from '../../test/fixtures/echo-loop.js';
import {
  countEventsByStatus,
  getRecord,
  listDecisions,
  listEvents,
  openStore,
  type Store,
} from '../store/index.js';
import { loadWorkspace } from '../workspace/index.js';
import { Engine } from './engine.js';

let dir = '';
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function engine(batchSize: number, concurrency = 1): Promise<Engine> {
  dir = mkdtempSync(join(tmpdir(), 'rl-engine-'));
  mkdirSync(join(dir, 'loops'));
  writeFileSync(join(dir, 'revloops.yaml'), 'name: t\nloops: [signup-triage]\nplugins: []\n');
  const workspace = await loadWorkspace(dir, { loops: [signupLoop] });
  store = await openStore({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
  const e = new Engine({
    workspace,
    store,
    batchSize,
    concurrency,
    maxAttempts: 2,
    clock: () => new Date('2026-03-01T10:00:00Z'),
  });
  await e.recordConfigVersions();
  return e;
}

describe('Engine micro-batches', () => {
  it.each([1, 8])(
    'decide exactly as one-by-one processing when a batch reads what it writes (%i in flight)',
    async (concurrency) => {
      const e = await engine(100, concurrency);
      for (const [email, seats] of [
        ['a@x.io', 1],
        ['b@x.io', 2],
        ['a@x.io', 3],
        ['a@x.io', 4],
      ] as const) {
        await e.emit({ type: 'signup.created', payload: { email, seats } });
      }
      const report = await e.drain();
      expect(report.decisions).toBe(4);
      const lead = await getRecord(e.store.db, 'lead', 'lead-a@x.io');
      expect(lead?.values.seen).toBe(2);
      expect(lead?.version).toBe(3);
      const steps = (await listDecisions(e.store.db, {})).map((d) => d.trace[0]);
      expect(steps.map((s) => (s?.kind === 'step' ? s.detail?.existing : null))).toEqual([0, 0, 1, 1]);
    },
  );

  it('claim the next batch as a full one commits, and hand it back when stopped', async () => {
    const e = await engine(2);
    for (let i = 0; i < 5; i++)
      await e.emit({ type: 'signup.created', payload: { email: `p${i}@x.io`, seats: 1 } });
    expect((await e.drain(1)).done).toBe(2);
    expect(await countEventsByStatus(e.store.db)).toEqual({ done: 2, pending: 3 });
    expect((await e.drain()).done).toBe(3);
    expect(await countEventsByStatus(e.store.db)).toEqual({ done: 5 });
  });

  it('fail one bad event alone; the rest of the batch commits', async () => {
    const e = await engine(100);
    await e.emit({ type: 'signup.created', payload: { email: 'ok@x.io', seats: 2 } });
    await e.emit({ type: 'signup.created', payload: { email: 'not-an-email', seats: 2 } });
    await e.emit({ type: 'signup.created', payload: { email: 'ok2@x.io', seats: 20 } });
    const report = await e.drain();
    expect(report).toMatchObject({ decisions: 2, dead: 1 });
    expect(await countEventsByStatus(e.store.db)).toEqual({ done: 3, dead: 1 });
  });

  it('store a handoff no loop takes as done at once, in the chain of the decision that made it', async () => {
    const e = await engine(100);
    await e.emit({ type: 'signup.created', payload: { email: 'hot@x.io', seats: 20 } });
    await e.drain();
    const [decision] = await listDecisions(e.store.db, {});
    const handoff = (await listEvents(e.store.db, { limit: 10 })).find((ev) => ev.type === 'signup.hot');
    expect(handoff).toMatchObject({ status: 'done', attempts: 0, claimed_by: null });
    expect(handoff?.parent_decision_id).toBe(decision?.id);
    expect(handoff?.processed_at).not.toBeNull();
  });
});
