import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  loadLoopConfigFile,
  loadWorkspace,
  loadWorkspaceRecords,
  openStore,
  type SimulationInput,
  simulateChange,
  workspaceAgents,
} from '../dist/index.js';
import { copyWorkspaceFolder } from '../dist/workspace/index.js';
import { isolated } from './child.js';
import { type BenchResult, benchResult, budget } from './results.js';

const ACME = fileURLToPath(new URL('../examples/acme', import.meta.url));
const START = Date.parse('2026-11-02T14:00:00Z');

/** Qualified leads as route receives them, spread over a working day, generated lazily. */
function* history(n: number): Generator<SimulationInput> {
  const grades = ['A', 'B', 'B', 'C', 'C', 'D', 'D', 'D'];
  const regions = ['NA', 'NA', 'NA', 'EMEA', 'EMEA', 'APAC'];
  for (let i = 0; i < n; i++) {
    const grade = grades[(i * 5 + (i >> 3)) % grades.length] as string;
    const region = regions[(i * 7 + (i >> 5)) % regions.length] as string;
    yield {
      id: `hist-${i}`,
      input: {
        leadId: `hist-${i}`,
        email: `p${i}@prospect${i % 5000}.com`,
        score: { A: 88, B: 70, C: 50, D: 20 }[grade] ?? 0,
        grade,
        employees: 20 + ((i * 37) % 3000),
        region,
        country: region === 'NA' ? 'US' : region === 'EMEA' ? 'DE' : 'AU',
      },
      now: new Date(START + (i % 28_800) * 1000).toISOString(),
      subject: `lead:hist-${i}`,
      eventType: 'lead.qualified',
    };
  }
}

/**
 * A routing rule change simulated over generated history with the route loop itself (write-free
 * surfaces, the active and the proposed config side by side): leads/s and peak RSS.
 */
async function measure(leads: number): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-sim-'));
  copyWorkspaceFolder(ACME, dir);
  const workspace = await loadWorkspace(dir);
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'sim.db') });
  await loadWorkspaceRecords(workspace, store, new Date(START).toISOString());
  const proposedFile = join(dir, 'proposed-route.yaml');
  writeFileSync(
    proposedFile,
    readFileSync(join(dir, 'loops', 'route.yaml'), 'utf8').replace(
      '- { field: grade, op: eq, value: A }',
      '- { field: grade, op: in, value: [A, B] }',
    ),
  );
  const active = workspace.loops.get('route');
  if (!active) throw new Error('acme has no route loop');
  const proposed = loadLoopConfigFile(workspace, proposedFile, 'route');
  let changed = 0;
  let failed = 0;
  let peak = process.memoryUsage().rss;
  let n = 0;
  const started = performance.now();
  await simulateChange({
    store,
    workspaceDir: dir,
    active,
    proposed,
    agents: workspaceAgents(workspace, store),
    inputs: history(leads),
    onPair: (before, after) => {
      if (before.error || after.error) failed++;
      else if (JSON.stringify(before.output) !== JSON.stringify(after.output)) changed++;
      if (++n % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `simulate route: ${leads} leads, ${changed} changed, ${failed} failed, ${seconds.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (1M leads at this rate: ${((1_000_000 / leads) * seconds).toFixed(0)} s)`,
  );
  return [
    benchResult(`simulate a route rule change over ${leads} leads (leads/s)`, leads / seconds, 'leads/s', {
      name: '1M leads in 10 s',
      value: 100_000,
      target: 1,
    }),
    budget(`simulate ${leads} leads, peak RSS`, peak / 2 ** 20, 'MiB', 1024, 'budget 1 GB'),
  ];
}

/** The simulation bench in a process of its own, so its peak memory row is its own. */
export const simulateBench = isolated(
  import.meta.url,
  'simulate route',
  measure,
  Number(process.env.BENCH_SIM_LEADS ?? 50_000),
);
