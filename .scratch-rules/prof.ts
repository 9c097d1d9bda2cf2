import { compileCondition } from '../src/kernel/index.js';
import { generateLeads, RULES } from '../bench/rules.js';
const leads = generateLeads(100_000);
const time = (label: string, f: (l: unknown) => boolean) => {
  for (let w = 0; w < 2; w++) for (const l of leads) f(l);
  const t = performance.now(); let c = 0;
  for (let p = 0; p < 3; p++) for (const l of leads) if (f(l)) c++;
  console.log(label.padEnd(22), ((performance.now() - t) * 1e6 / (3 * leads.length)).toFixed(1), 'ns/lead', c / 3);
};
for (const r of RULES) time(r.name, compileCondition(r.when).test);
