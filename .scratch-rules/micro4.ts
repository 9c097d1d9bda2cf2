import { generateLeads } from '../bench/rules.js';
const leads = generateLeads(100_000);
const time = (label: string, f: (l: any) => boolean) => {
  for (let w = 0; w < 5; w++) for (const l of leads) f(l);
  const t = performance.now(); let c = 0;
  for (let p = 0; p < 10; p++) for (const l of leads) if (f(l)) c++;
  console.log(label.padEnd(34), ((performance.now() - t) * 1e6 / (10 * leads.length)).toFixed(1), 'ns/lead', c / 10);
};
function keyed(key: string, x: string) { return (s: any) => s[key] === x; }
function keyedLower(key: string, x: string) { return (s: any) => { const v = s[key]; return v === x || v.toLowerCase() === x.toLowerCase(); }; }
time('baseline literal', (l) => l.grade === 'A');
const k1 = keyed('grade', 'A');
time('keyed mono', k1);
time('lower only', (l) => l.grade.toLowerCase() === 'a');
const ks = ['grade', 'region', 'country', 'industry', 'title', 'emailDomain'].map((k) => keyed(k, 'A'));
for (const f of ks) f(leads[0]);
time('keyed after poly (grade)', ks[0]!);
time('keyedLower', keyedLower('grade', 'A'));
