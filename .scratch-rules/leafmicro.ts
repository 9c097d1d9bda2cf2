import { generateLeads } from '../bench/rules.js';
import { compileLeaf } from '../src/kernel/condition-leaf.js';
import { runLeaf } from '../src/kernel/condition-program.js';
import { pathReader } from '../src/kernel/condition-values.js';
import type { ConditionLeaf } from '../src/kernel/condition-types.js';
const leads = generateLeads(100_000);
const leaves: ConditionLeaf[] = [
  { field: 'isCustomer', op: 'eq', value: true },
  { field: 'grade', op: 'eq', value: 'A' },
  { field: 'employees', op: 'gte', value: 5000 },
  { field: 'country', op: 'in', value: ['US', 'CA'] },
  { field: 'region', op: 'eq', value: 'NA' },
  { field: 'industry', op: 'in', value: ['Fintech', 'Banking', 'Insurance'] },
  { field: 'score', op: 'between', value: [80, 100] },
  { field: 'grade', op: 'in', value: ['B', 'C'] },
  { field: 'employees', op: 'lt', value: 100 },
];
const progs = leaves.map((l, i) => compileLeaf(l, `x${i}`).program!);
const readers = leaves.map((l) => pathReader(l.field));
const v: Record<string, () => number> = {
  runLeaf9: () => { let c = 0; for (let i = 0; i < leads.length; i++) { const l = leads[i]; for (let j = 0; j < progs.length; j++) if (runLeaf(progs[j]!, l)) c++; } return c; },
  read9: () => { let c = 0; for (let i = 0; i < leads.length; i++) { const l = leads[i]; for (let j = 0; j < readers.length; j++) if (readers[j]!(l) === 'A') c++; } return c; },
  hand9: () => { let c = 0; for (let i = 0; i < leads.length; i++) { const l: any = leads[i]; c += (l.isCustomer === true ? 1 : 0) + (l.grade === 'A' ? 1 : 0) + (l.employees >= 5000 ? 1 : 0) + (l.country === 'US' || l.country === 'CA' ? 1 : 0) + (l.region === 'NA' ? 1 : 0) + (l.industry === 'Fintech' || l.industry === 'Banking' || l.industry === 'Insurance' ? 1 : 0) + (l.score >= 80 && l.score <= 100 ? 1 : 0) + (l.grade === 'B' || l.grade === 'C' ? 1 : 0) + (l.employees < 100 ? 1 : 0); } return c; },
  touch: () => { let c = 0; for (let i = 0; i < leads.length; i++) { const l: any = leads[i]; if (l.grade === 'A') c++; } return c; },
};
for (const f of Object.values(v)) for (let w = 0; w < 3; w++) f();
const best: Record<string, number> = {};
for (let r = 0; r < 9; r++) for (const [k, f] of Object.entries(v)) { const t = performance.now(); f(); best[k] = Math.min(best[k] ?? 1e9, (performance.now() - t) * 1e6 / leads.length); }
for (const [k, x] of Object.entries(best)) console.log(k.padEnd(12), x.toFixed(1), 'ns per lead');
