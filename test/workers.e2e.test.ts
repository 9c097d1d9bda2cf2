import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine, loadWorkspace, openStore } from '../src/index.js';
import { copyWorkspace } from './helpers/cli.js';
import { DIALECTS, PG_URL, storeEnv } from './helpers/dialects.js';

const EVENTS = 20_000;
const WORKERS = 3;

function worker(
  dir: string,
  env: NodeJS.ProcessEnv,
  name: string,
): Promise<{ code: number | null; totals: { decisions: number; events: number } }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        'bin/revloops.js',
        'worker',
        '--once',
        '--json',
        '--batch-size',
        '50',
        '--name',
        name,
        '--workspace',
        dir,
      ],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolvePromise({ code, totals: JSON.parse(out) });
      } catch {
        reject(new Error(`worker ${name} exited ${code}: ${err || out}`));
      }
    });
  });
}

describe.runIf(DIALECTS.includes('postgres'))(
  'three worker processes share 20,000 events on PostgreSQL',
  () => {
    const ws = copyWorkspace('test/fixtures/plugin-ws', true);
    const { env, drop } = storeEnv('postgres');
    afterAll(async () => {
      ws.cleanup();
      await drop();
    });

    it('decides every event exactly once and writes no assignment twice', async () => {
      const workspace = await loadWorkspace(ws.dir);
      const store = await openStore({
        kind: 'postgres',
        url: PG_URL,
        schema: env.REVLOOPS_DATABASE_SCHEMA as string,
      });
      try {
        const engine = new Engine({ workspace, store });
        await engine.recordConfigVersions();
        for (let start = 0; start < EVENTS; start += 1000) {
          await store.transaction(async (trx) => {
            for (let i = start; i < start + 1000; i++) {
              await engine.emit(
                { type: 'signup.created', payload: { email: `u${i}@co${i % 50}.com`, seats: i % 15 } },
                trx,
              );
            }
          });
        }
        const results = await Promise.all(
          Array.from({ length: WORKERS }, (_, i) => worker(ws.dir, env, `w${i + 1}`)),
        );
        const db = store.db;
        const count = async (q: ReturnType<typeof sql<{ n: string }>>) =>
          Number((await q.execute(db)).rows[0]?.n);
        const decisions = await count(sql`select count(*) as n from decisions where loop = 'signup-triage'`);
        const decidedEvents = await count(
          sql`select count(distinct event_id) as n from decisions where loop = 'signup-triage'`,
        );
        const notDone = await count(sql`select count(*) as n from events where status <> 'done'`);
        const leads = await count(sql`select count(*) as n from rec_lead`);
        const rewritten = await count(sql`select count(*) as n from rec_lead where version > 1`);
        const tasks = await count(sql`select count(*) as n from rec_task`);
        const hot = await count(sql`select count(*) as n from events where type = 'signup.hot'`);
        const byWorker = results.map((r, i) => `w${i + 1}: ${r.totals.decisions}`).join(', ');
        console.log(
          `${WORKERS} workers, ${EVENTS} events: ${decisions} decisions for ${decidedEvents} distinct events (${byWorker}); ` +
            `${leads} lead records, ${rewritten} written twice; ${tasks} tasks for ${hot} hot handoffs; ${notDone} events not done`,
        );
        expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
        expect(decisions).toBe(EVENTS);
        expect(decidedEvents).toBe(EVENTS);
        expect(results.reduce((n, r) => n + r.totals.decisions, 0)).toBe(EVENTS);
        expect(results.filter((r) => r.totals.decisions > 0).length).toBeGreaterThan(1);
        expect(leads).toBe(EVENTS);
        expect(rewritten).toBe(0);
        expect(tasks).toBe(hot);
        expect(notDone).toBe(0);
      } finally {
        await store.close();
      }
    }, 600_000);
  },
);
