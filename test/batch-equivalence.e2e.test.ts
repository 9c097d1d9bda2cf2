import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Engine,
  generateSampleData,
  loadWorkspace,
  loadWorkspaceRecords,
  openStore,
  workspaceAgents,
} from '../src/index.js';
import { listDecisions } from '../src/store/index.js';
import { copyWorkspaceFolder } from '../src/workspace/index.js';
import { keepLoops } from './helpers/workspace-yaml.js';

/**
 * Micro-batches decide exactly as one-by-one processing: the demand chain (qualify, then route
 * with pools that count each rep's leads of the day) over the same 400 leads, once in batches of
 * 100 and once one event at a time, gives every lead the same score, rule, pool and rep.
 */
const NOW = new Date('2026-11-02T17:05:00Z');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function outcomes(batchSize: number): Promise<Map<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-equiv-'));
  dirs.push(dir);
  copyWorkspaceFolder('examples/acme', dir);
  keepLoops(dir, ['qualify', 'route']);
  const workspace = await loadWorkspace(dir);
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
  await loadWorkspaceRecords(workspace, store, NOW.toISOString());
  const clock = () => NOW;
  const engine = new Engine({
    workspace,
    store,
    clock,
    batchSize,
    agents: workspaceAgents(workspace, store, {}, clock),
  });
  await engine.recordConfigVersions();
  const data = generateSampleData({
    leads: 400,
    accounts: 60,
    reps: 8,
    seed: 5,
    asOf: NOW.toISOString(),
    days: 20,
  });
  const events = [...data.leads()].map(({ lead }) => ({ type: 'lead.created', payload: lead as never }));
  await engine.emitMany(events);
  const report = await engine.drain();
  expect(report.dead + report.failed).toBe(0);
  const out = new Map<string, unknown>();
  for (const d of await listDecisions(store.db, {})) {
    const o = d.output as Record<string, unknown>;
    out.set(`${d.loop}:${String(o.leadId)}`, d.loop === 'route' ? { ...o, slaDueAt: o.slaDueAt ?? null } : o);
  }
  await store.close();
  return out;
}

describe('batches decide as one by one', () => {
  it('gives every lead the same score, rule, pool and rep', async () => {
    const batched = await outcomes(100);
    const single = await outcomes(1);
    expect(batched.size).toBe(800);
    const routed = [...batched.entries()].filter(
      ([k, v]) => k.startsWith('route:') && (v as { pool?: unknown }).pool,
    );
    expect(routed.length).toBeGreaterThan(20);
    for (const [key, value] of single) expect(batched.get(key), key).toEqual(value);
  });
});
