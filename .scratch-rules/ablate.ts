import { generateLeads, RULES } from '../bench/rules.js';
import { compileCondition } from '../src/kernel/index.js';
const leads = generateLeads(100_000);
const chain = (rules: typeof RULES) => { const tests = rules.map((r) => compileCondition(r.when).test); return (ls: typeof leads) => { let c = 0; for (const l of ls) { for (let r = 0; r < tests.length; r++) if (tests[r]!(l)) { c += r; break; } } return c; }; };
const variants: Record<string, (ls: typeof leads) => number> = { all: chain(RULES) };
for (const r of RULES) variants[`-${r.name}`] = chain(RULES.filter((x) => x !== r));
variants['only-catchall'] = chain(RULES.slice(9));
for (const f of Object.values(variants)) for (let w = 0; w < 2; w++) f(leads);
const best: Record<string, number> = {};
for (let round = 0; round < 7; round++) for (const [k, f] of Object.entries(variants)) { const t = performance.now(); f(leads); const ns = (performance.now() - t) * 1e6 / leads.length; best[k] = Math.min(best[k] ?? 1e9, ns); }
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(24), v.toFixed(0), 'ns', k === 'all' ? '' : `(rule costs ~${(best.all! - v).toFixed(0)})`);
