import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Engine, importRecords, loadWorkspace, openStore, workspaceAgents } from '../dist/index.js';
import { generateSampleData } from '../dist/sample-data/index.js';
import { copyWorkspaceFolder } from '../dist/workspace/index.js';
import { countRows, quantile, rawInsertRate } from './raw-sqlite.js';
import { type BenchResult, benchResult } from './results.js';

const ACME = fileURLToPath(new URL('../examples/acme', import.meta.url));

/** Every table a run can write to; the bench compares the ones that grew. */
const TABLES: readonly string[] = [
  'events',
  'decisions',
  'review_items',
  'outbox',
  'metrics',
  'rec_lead',
  'rec_task',
  'rec_pool',
  'rec_user',
  'rec_account',
  'rec_opportunity',
];

/** A copy of the acme workspace with its users, accounts and opportunities imported. */
async function acmeCopy(path: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rl-demand-'));
  copyWorkspaceFolder(ACME, dir);
  const workspace = await loadWorkspace(dir);
  const store = await openStore({ kind: 'sqlite', path: join(dir, path) });
  const now = '2026-11-02T14:00:00Z';
  for (const [kind, file] of [
    ['user', 'users.csv'],
    ['account', 'accounts.csv'],
    ['opportunity', 'opportunities.csv'],
  ] as const) {
    await importRecords(store, kind, join(dir, 'data', file), { now });
  }
  // A fixed working-hours instant, so pools have reps at their desks.
  const clock = () => new Date(now);
  const engine = new Engine({
    workspace,
    store,
    clock,
    agents: workspaceAgents(workspace, store, process.env, clock),
    batchSize: workspace.config.runtime?.batchSize ?? 100,
  });
  await engine.recordConfigVersions();
  return { dir, file: join(dir, path), store, engine };
}

function* leads(n: number, seed: number) {
  const data = generateSampleData({ leads: n, accounts: Math.max(200, n / 20), reps: 20, seed });
  for (const { lead } of data.leads())
    yield { type: 'lead.created', payload: lead as unknown as Record<string, never> };
}

/**
 * qualify + route end to end on the acme workspace with the durable decision log on SQLite:
 * generated leads emitted in batches and drained, then the same rows inserted raw; and
 * one-by-one latency (emit, then drain the lead and its handoff).
 */
export async function demandBench(options: { leads: number; oneByOne: number }): Promise<BenchResult[]> {
  const batch = await acmeCopy('batch.db');
  const before = countRows(batch.file, TABLES);
  const started = performance.now();
  let chunk = [];
  for (const e of leads(options.leads, 11)) {
    chunk.push(e);
    if (chunk.length === 1000) {
      await batch.engine.emitMany(chunk);
      chunk = [];
    }
  }
  if (chunk.length) await batch.engine.emitMany(chunk);
  const report = await batch.engine.drain();
  const seconds = (performance.now() - started) / 1000;
  await batch.store.close();
  const after = countRows(batch.file, TABLES);
  const grown = TABLES.filter((t) => (after[t] ?? 0) > (before[t] ?? 0));
  const written = grown.reduce((n, t) => n + (after[t] ?? 0) - (before[t] ?? 0), 0);
  const raw = await rawInsertRate(batch.file, grown);
  rmSync(batch.dir, { recursive: true, force: true });
  if (report.dead + report.failed > 0)
    throw new Error(`demand bench: ${report.dead + report.failed} events failed`);

  const single = await acmeCopy('single.db');
  const latencies: number[] = [];
  for (const e of leads(options.oneByOne, 12)) {
    const t = performance.now();
    await single.engine.emit(e);
    await single.engine.drain();
    latencies.push(performance.now() - t);
  }
  await single.store.close();
  rmSync(single.dir, { recursive: true, force: true });

  const perLead = written / options.leads;
  const rawLeadsPerSecond = raw.rowsPerSecond / perLead;
  console.log(
    `demand chain: ${options.leads} leads, ${report.decisions} decisions, ${written} rows (${perLead.toFixed(2)} a lead: ${grown.map((t) => `${t} ${(after[t] ?? 0) - (before[t] ?? 0)}`).join(', ')}) in ${seconds.toFixed(2)} s; raw insert of the same rows ${raw.seconds.toFixed(2)} s`,
  );
  return [
    benchResult('qualify+route on SQLite, batch (leads/s)', options.leads / seconds, 'leads/s', {
      name: 'raw better-sqlite3 insert of the same rows (leads/s)',
      value: rawLeadsPerSecond,
      target: 0.5,
    }),
    benchResult('qualify+route one by one, p50 latency', quantile(latencies, 0.5), 'ms'),
    benchResult('qualify+route one by one, p99 latency', quantile(latencies, 0.99), 'ms'),
  ];
}
