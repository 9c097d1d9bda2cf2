import { generateLeads } from '../bench/rules.js';
import { compileLeaf } from '../src/kernel/condition-leaf.js';
import { runLeaf, type LeafProgram } from '../src/kernel/condition-program.js';
import type { ConditionLeaf } from '../src/kernel/condition-types.js';
const leads = generateLeads(100_000);
const mk = (ls: ConditionLeaf[]) => ls.map((l, i) => compileLeaf(l, `x${i}`).program!);
const text = mk([{ field: 'grade', op: 'eq', value: 'A' }, { field: 'region', op: 'eq', value: 'NA' }, { field: 'country', op: 'in', value: ['US', 'CA'] }]);
const range = mk([{ field: 'employees', op: 'gte', value: 5000 }, { field: 'score', op: 'between', value: [80, 100] }, { field: 'employees', op: 'lt', value: 100 }]);
const bool = mk([{ field: 'isCustomer', op: 'eq', value: true }, { field: 'isCustomer', op: 'eq', value: true }, { field: 'isCustomer', op: 'eq', value: true }]);
const run = (ps: LeafProgram[]) => () => { let c = 0; for (let i = 0; i < leads.length; i++) { const l = leads[i]; for (let j = 0; j < ps.length; j++) if (runLeaf(ps[j]!, l)) c++; } return c; };
const readOnly = (ps: LeafProgram[]) => () => { let c = 0; for (let i = 0; i < leads.length; i++) { const l = leads[i]; for (let j = 0; j < ps.length; j++) if (ps[j]!.read(l) === 1) c++; } return c; };
const v: Record<string, () => number> = { text3: run(text), range3: run(range), bool3: run(bool), textRead3: readOnly(text), rangeRead3: readOnly(range) };
for (const f of Object.values(v)) for (let w = 0; w < 3; w++) f();
const best: Record<string, number> = {};
for (let r = 0; r < 9; r++) for (const [k, f] of Object.entries(v)) { const t = performance.now(); f(); best[k] = Math.min(best[k] ?? 1e9, (performance.now() - t) * 1e6 / leads.length); }
for (const [k, x] of Object.entries(best)) console.log(k.padEnd(12), x.toFixed(1), 'ns per lead');
