/**
 * A scheduled loop's pass through the engine, as `revloops run <loop>` runs it: acme's workspace, N
 * records seeded into its SQLite store by another connection, then the tick emitted and every
 * decision it leads to processed (the pass's pages, one decision each, and the per-record decisions
 * they hand on), with their decision rows, kept reads, record writes and outbox. Wall time and peak
 * RSS per pass. The evaluator and scorer benches measure the per-record work alone; this is what a
 * team running the loop waits for.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Engine, loadWorkspace, loadWorkspaceRecords, openStore, tickEventType } from '../dist/index.js';
import { copyWorkspaceFolder } from '../dist/workspace/index.js';

const ACME = fileURLToPath(new URL('../examples/acme', import.meta.url));

/** One pass: how long it took, the decisions it made, and the peak RSS while it ran. */
export interface PassResult {
  seconds: number;
  decisions: number;
  failed: number;
  peakMiB: number;
}

/**
 * Seeds acme's store with `seed` (given the store file), then runs one pass of `loop` at each
 * instant of `at`, each drained to the end.
 */
export async function passesThroughEngine(
  loop: string,
  seed: (path: string) => void,
  at: readonly number[],
): Promise<PassResult[]> {
  const dir = mkdtempSync(join(tmpdir(), `rl-pass-${loop}-`));
  try {
    copyWorkspaceFolder(ACME, dir);
    const workspace = await loadWorkspace(dir);
    const path = join(dir, 'pass.db');
    const first = at[0] ?? Date.now();
    const setup = await openStore({ kind: 'sqlite', path });
    await loadWorkspaceRecords(workspace, setup, new Date(first).toISOString());
    await setup.close();
    seed(path);
    const store = await openStore({ kind: 'sqlite', path });
    let now = new Date(first);
    const engine = new Engine({ workspace, store, clock: () => now });
    await engine.recordConfigVersions();
    const out: PassResult[] = [];
    for (const instant of at) {
      now = new Date(instant);
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 50);
      const started = performance.now();
      await engine.emit({
        type: tickEventType(loop),
        subject: `loop:${loop}`,
        payload: { loop, scheduledFor: now.toISOString(), previousTick: null, catchUp: false },
        source: 'operator',
        idempotencyKey: `bench:${loop}:${now.toISOString()}`,
      });
      const report = await engine.drain();
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      out.push({
        seconds,
        decisions: report.decisions,
        failed: report.failed + report.dead,
        peakMiB: peak / 2 ** 20,
      });
    }
    await store.close();
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
