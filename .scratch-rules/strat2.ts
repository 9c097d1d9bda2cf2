import { generateLeads } from '../bench/rules.js';
const leads = generateLeads(100_000);
type Rec = Record<string, unknown>;
const keys = ['grade', 'region', 'country', 'industry', 'grade', 'region', 'country', 'industry', 'grade', 'region'];
const vals = ['Q', 'Q', 'Q', 'Q', 'Z', 'Z', 'Z', 'Z', 'W', 'W'];
const ik = (k: string) => Object.keys({ [k]: 0 })[0]!;
const mk = (key: string, x: string) => (s: unknown) => { const v = s !== null && typeof s === 'object' ? (s as Rec)[key] : undefined; return typeof v === 'string' && v === x; };
const c1 = keys.map((k, i) => mk(ik(k), vals[i]!));
const s1 = (l: unknown) => { for (let i = 0; i < c1.length; i++) if (c1[i]!(l)) return true; return false; };
type R = (k: string) => (s: unknown) => unknown;
const POOL: R[] = [
  (k) => (s) => (s !== null && typeof s === 'object' ? (s as Rec)[k] : undefined),
  (k) => (s) => (s !== null && typeof s === 'object' ? (s as Rec)[k] : undefined),
  (k) => (s) => (s !== null && typeof s === 'object' ? (s as Rec)[k] : undefined),
  (k) => (s) => (s !== null && typeof s === 'object' ? (s as Rec)[k] : undefined),
  (k) => (s) => (s !== null && typeof s === 'object' ? (s as Rec)[k] : undefined),
  (k) => (s) => (s !== null && typeof s === 'object' ? (s as Rec)[k] : undefined),
];
const slots = new Map<string, number>();
const reader = (k: string) => { let i = slots.get(k); if (i === undefined) { i = slots.size % POOL.length; slots.set(k, i); } return POOL[i]!(ik(k)); };
const mk2 = (key: string, x: string) => { const read = reader(key); return (s: unknown) => { const v = read(s); return typeof v === 'string' && v === x; }; };
const c2 = keys.map((k, i) => mk2(k, vals[i]!));
const s2 = (l: unknown) => { for (let i = 0; i < c2.length; i++) if (c2[i]!(l)) return true; return false; };
const s3 = (l: any) => l.grade === 'Q' || l.region === 'Q' || l.country === 'Q' || l.industry === 'Q' || l.grade === 'Z' || l.region === 'Z' || l.country === 'Z' || l.industry === 'Z' || l.grade === 'W' || l.region === 'W';
const vs: Record<string, (l: any) => boolean> = { closures: s1, pooledReaders: s2, hand: s3 };
for (const f of Object.values(vs)) for (let w = 0; w < 3; w++) for (const l of leads) f(l);
const best: Record<string, number> = {};
for (let r = 0; r < 9; r++) for (const [k, f] of Object.entries(vs)) { const t = performance.now(); let c = 0; for (const l of leads) if (f(l)) c++; best[k] = Math.min(best[k] ?? 1e9, (performance.now() - t) * 1e6 / leads.length); }
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(14), v.toFixed(1), 'ns per 10 leaves');
