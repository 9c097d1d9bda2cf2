import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine, loadWorkspace, openStore } from '../src/index.js';
import { countEventsByStatus, listDecisions } from '../src/store/index.js';
import { copyWorkspace } from './helpers/cli.js';

describe('graceful shutdown', () => {
  const ws = copyWorkspace('test/fixtures/plugin-ws', true);
  afterAll(() => ws.cleanup());

  it('finishes the batch in hand on SIGTERM and leaves nothing half-done', async () => {
    const workspace = await loadWorkspace(ws.dir);
    const store = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops', 'revloops.db') });
    const engine = new Engine({ workspace, store });
    await engine.recordConfigVersions();
    await engine.emitMany(
      Array.from({ length: 20_000 }, (_, i) => ({
        type: 'signup.created',
        payload: { email: `s${i}@x.io`, seats: i % 9 },
      })),
    );
    const child = spawn(
      process.execPath,
      ['bin/revloops.js', 'worker', '--json', '--batch-size', '20', '--poll-ms', '50', '--workspace', ws.dir],
      {
        env: { ...process.env, REVLOOPS_DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // Stop it once it has made some decisions but long before it could finish the backlog.
    for (let i = 0; i < 3000; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (((await countEventsByStatus(store.db)).done ?? 0) > 0) break;
    }
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const totals = JSON.parse(out);
    const status = await countEventsByStatus(store.db);
    const decisions = (await listDecisions(store.db, { loop: 'signup-triage' })).length;
    console.log(`stopped after ${totals.decisions} decisions; events by status: ${JSON.stringify(status)}`);
    expect(code).toBe(0);
    expect(status.claimed ?? 0).toBe(0);
    expect(totals.decisions).toBe(decisions);
    expect(status.pending ?? 0).toBeGreaterThan(0);
    await store.close();
  }, 120_000);
});
