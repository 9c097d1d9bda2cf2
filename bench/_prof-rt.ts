import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, loadWorkspace, openStore } from '../dist/index.js';
import { benchLoop } from './bench-loop.js';
const dir = mkdtempSync(join(tmpdir(), 'rl-bench-'));
mkdirSync(join(dir, 'loops'));
writeFileSync(join(dir, 'revloops.yaml'), 'name: bench\nloops: [bench-intake]\nplugins: []\n');
const workspace = await loadWorkspace(dir, { loops: [benchLoop] });
const store = await openStore({ kind: 'sqlite', path: join(dir, 'b.db') });
const engine = new Engine({ workspace, store, batchSize: 100 });
await engine.recordConfigVersions();
const N = Number(process.env.N ?? 20000);
const t = performance.now();
for (let start = 0; start < N; start += 1000) {
  const batch = [];
  for (let i = start; i < Math.min(N, start + 1000); i++) batch.push({ type: 'signup.created', payload: { email: `u${i}@co${i % 97}.com`, seats: i % 15 } });
  await engine.emitMany(batch);
}
const t2 = performance.now();
await engine.drain();
const t3 = performance.now();
console.log(`emit ${(t2 - t).toFixed(0)} ms, drain ${(t3 - t2).toFixed(0)} ms, ${(N / ((t3 - t) / 1000)).toFixed(0)} events/s`);
await store.close();
