import { generateLeads, RULES } from '../bench/rules.js';
import { compileCondition } from '../src/kernel/index.js';
const leads = generateLeads(100_000);
const PS = /\.(gov|edu|mil)(\.[a-z]{2})?$/i;
const smb = new Set(['US', 'CA', 'GB', 'DE', 'FR', 'AU']);
const fin = new Set(['Fintech', 'Banking', 'Insurance']);
const hand: ((l: any) => boolean)[] = [
  (l) => l.isCustomer === true,
  (l) => PS.test(l.emailDomain),
  (l) => l.grade === 'A' && l.employees >= 5000 && (l.country === 'US' || l.country === 'CA'),
  (l) => l.grade === 'A' && l.employees >= 100 && l.employees <= 4999 && l.region === 'NA',
  (l) => l.region === 'EMEA' && fin.has(l.industry) && l.employees >= 500,
  (l) => l.title.toLowerCase().includes('vp') && (l.grade === 'A' || l.grade === 'B'),
  (l) => l.region === 'APAC' && l.employees >= 1000,
  (l) => l.score >= 80 && l.score <= 100 && (l.grade === 'B' || l.grade === 'C'),
  (l) => l.employees < 100 && smb.has(l.country),
  () => true,
];
const compiled = RULES.map((r) => compileCondition(r.when).test);
const chain = (tests: ((l: unknown) => boolean)[]) => () => { let c = 0; for (let i = 0; i < leads.length; i++) { const l = leads[i]; for (let r = 0; r < tests.length; r++) if (tests[r]!(l)) { c += r; break; } } return c; };
const variants: Record<string, () => number> = { compiled: chain(compiled), handClosures: chain(hand) };
RULES.forEach((r, i) => { const t = [...compiled]; t[i] = hand[i]!; variants[`swap ${r.name}`] = chain(t); });
for (const f of Object.values(variants)) for (let w = 0; w < 3; w++) f();
const best: Record<string, number> = {};
for (let round = 0; round < 9; round++) for (const [k, f] of Object.entries(variants)) { const t = performance.now(); f(); best[k] = Math.min(best[k] ?? 1e9, (performance.now() - t) * 1e6 / leads.length); }
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(26), v.toFixed(0), 'ns', k.startsWith('swap') ? `saves ${(best.compiled! - v).toFixed(0)}` : '');
