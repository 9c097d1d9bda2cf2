import { generateLeads, handWritten, revloops } from '../bench/rules.js';
const leads = generateLeads(100_000);
const a = revloops(), b = handWritten();
for (let w = 0; w < 3; w++) { a(leads); b(leads); }
const ta: number[] = [], tb: number[] = [];
for (let r = 0; r < 9; r++) {
  let t = performance.now(); a(leads); ta.push(performance.now() - t);
  t = performance.now(); b(leads); tb.push(performance.now() - t);
}
const med = (x: number[]) => x.sort((p, q) => p - q)[4]!;
console.log('revloops ns/lead', (med(ta) * 1e6 / leads.length).toFixed(0), 'hand', (med(tb) * 1e6 / leads.length).toFixed(0), 'ratio', (med(tb) / med(ta)).toFixed(3));
