/**
 * `revloops plan deploy` end to end: a workspace with design and deploy and a plan year of 50
 * territories and 500 reps, N accounts in its SQLite store (a third already assigned), and the same
 * `planLoop` the command runs: the recorded decision (every account read kept for replay), the
 * desired state, and the diff against the store. The store is seeded by another process and the
 * plan runs in a process of its own that opens it, as the command does, so its peak memory is the
 * plan's. Runnable alone: `node --import tsx bench/deploy-plan.ts` (BENCH_DEPLOY_PLAN_ACCOUNTS).
 */

import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { Engine, loadWorkspace, openStore, planLoop } from '../dist/index.js';
import { isolated } from './child.js';
import { scenarioDocument } from './deploy.js';
import { type BenchResult, budget } from './results.js';

/** The instant the accounts are written and the plan is made: the day after the plan year starts. */
const NOW = new Date('2027-02-02T09:00:00.000Z');

interface Measured {
  seedSeconds: number;
  seconds: number;
  cpuSeconds: number;
  rssMiB: number;
  changes: number;
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-deploy-plan-'));
  mkdirSync(join(dir, 'loops'));
  mkdirSync(join(dir, 'scenarios', 'bench'), { recursive: true });
  writeFileSync(
    join(dir, 'revloops.yaml'),
    stringify({
      name: 'deploy-bench',
      scenario: 'bench',
      plugins: [],
      loops: ['design', 'deploy'],
    }),
  );
  writeFileSync(join(dir, 'scenarios', 'bench', 'scenario.yaml'), stringify(scenarioDocument()));
  return dir;
}

/** Seeds the store in a process of its own (see seed-accounts.ts) and resolves when it is done. */
function seed(path: string, n: number): Promise<void> {
  const proc = fork(
    fileURLToPath(new URL('./seed-accounts.ts', import.meta.url)),
    [path, String(n), NOW.toISOString()],
    {
      execArgv: ['--import', 'tsx'],
    },
  );
  return new Promise((resolve, reject) =>
    proc.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`seeding ended with exit ${code}`)),
    ),
  );
}

/** The child: has the store seeded by another process, then times one plan on it. */
async function child(n: number): Promise<Measured> {
  const dir = workspace();
  try {
    const path = join(dir, 'plan.db');
    const seeding = performance.now();
    await seed(path, n);
    const seedSeconds = (performance.now() - seeding) / 1000;
    const ws = await loadWorkspace(dir);
    const store = await openStore({ kind: 'sqlite', path });
    const engine = new Engine({ workspace: ws, store });
    const deploy = ws.loops.get('deploy');
    if (!deploy) throw new Error('the bench workspace has no deploy loop');
    const cpu = process.cpuUsage();
    const started = performance.now();
    const plan = await planLoop(engine, deploy, NOW);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    await store.close();
    return {
      seedSeconds,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      rssMiB: process.resourceUsage().maxRSS / 1024,
      changes: plan.changes.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seeds and plans `n` accounts (in the benchmark's own process, see `isolated`) and returns its rows. */
async function measure(n: number): Promise<BenchResult[]> {
  const measured = await child(n);
  const label = `plan deploy end to end: ${n.toLocaleString('en-US')} accounts in SQLite, 500 reps`;
  console.log(
    `deploy plan (end to end): ${n.toLocaleString('en-US')} accounts seeded in ${measured.seedSeconds.toFixed(1)} s; planned in ${measured.seconds.toFixed(1)} s (${measured.cpuSeconds.toFixed(1)} CPU s), ${measured.changes.toLocaleString('en-US')} changes, peak RSS ${measured.rssMiB.toFixed(0)} MiB`,
  );
  return [
    budget(label, measured.seconds, 's', 30, 'budget 30 s'),
    budget(`${label}: peak RSS`, measured.rssMiB, 'MiB', 1024, 'budget 1 GB'),
  ];
}

/** The end-to-end plan in a process of its own, so its peak memory is its own. */
export const deployPlanBench = isolated(
  import.meta.url,
  'plan deploy end to end',
  measure,
  Number(process.env.BENCH_DEPLOY_PLAN_ACCOUNTS ?? 100_000),
);
