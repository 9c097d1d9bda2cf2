import { generateLeads } from '../bench/rules.js';
const leads = generateLeads(100_000);
type Rec = Record<string, unknown>;
type R = (k: string) => (s: unknown) => unknown;
const POOL: R[] = [
  (k) => (s) => (s as Rec)[k],
  (k) => (s) => (s as Rec)[k],
  (k) => (s) => (s as Rec)[k],
  (k) => (s) => (s as Rec)[k],
  (k) => (s) => (s as Rec)[k],
];
const ks = ['grade', 'region', 'country', 'industry', 'title'];
const readers = Array.from({ length: 10 }, (_, i) => POOL[i % 5]!(ks[i % 5]!));
const fPool = (l: unknown) => { for (let i = 0; i < readers.length; i++) if (readers[i]!(l) === 'Q') return true; return false; };
const one = (k: string) => (s: unknown) => (s as Rec)[k];
const readersShared = Array.from({ length: 10 }, (_, i) => one(ks[i % 5]!));
const fShared = (l: unknown) => { for (let i = 0; i < readersShared.length; i++) if (readersShared[i]!(l) === 'Q') return true; return false; };
const vs: Record<string, (l: any) => boolean> = { pool: fPool, shared: fShared };
for (const f of Object.values(vs)) for (let w = 0; w < 3; w++) for (const l of leads) f(l);
const best: Record<string, number> = {};
for (let r = 0; r < 9; r++) for (const [k, f] of Object.entries(vs)) { const t = performance.now(); let c = 0; for (const l of leads) if (f(l)) c++; best[k] = Math.min(best[k] ?? 1e9, (performance.now() - t) * 1e6 / leads.length); }
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(14), v.toFixed(1), 'ns');
