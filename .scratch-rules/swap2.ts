import { generateLeads, RULES } from '../bench/rules.js';
import { compileCondition } from '../src/kernel/index.js';
import { pathReader } from '../src/kernel/condition-values.js';
const leads = generateLeads(100_000);
const compiled = RULES.map((r) => compileCondition(r.when).test);
const chain = (tests: ((l: unknown) => boolean)[]) => () => { let c = 0; for (let i = 0; i < leads.length; i++) { const l = leads[i]; for (let r = 0; r < tests.length; r++) if (tests[r]!(l)) { c += r; break; } } return c; };
const read = pathReader('isCustomer');
const key = Object.keys({ isCustomer: 0 })[0]!;
const v: Record<string, (l: any) => boolean> = {
  hand: (l) => l.isCustomer === true,
  pooledRead: (s) => { const v = read(s); return typeof v === 'boolean' ? v === true : false; },
  keyed: (s: any) => { const v = s !== null && typeof s === 'object' ? s[key] : undefined; return typeof v === 'boolean' ? v === true : false; },
  compiled: compiled[0]!,
};
const variants: Record<string, () => number> = {};
for (const [k, f] of Object.entries(v)) { const t = [...compiled]; t[0] = f; variants[k] = chain(t); }
for (const f of Object.values(variants)) for (let w = 0; w < 3; w++) f();
const best: Record<string, number> = {};
for (let round = 0; round < 11; round++) for (const [k, f] of Object.entries(variants)) { const t = performance.now(); f(); best[k] = Math.min(best[k] ?? 1e9, (performance.now() - t) * 1e6 / leads.length); }
for (const [k, x] of Object.entries(best)) console.log(k.padEnd(26), x.toFixed(0), 'ns');
