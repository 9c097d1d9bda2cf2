import { generateLeads } from '../bench/rules.js';
import { compileCondition } from '../src/kernel/index.js';
const leads = generateLeads(100_000);
const time = (label: string, f: (l: any) => boolean) => {
  for (let w = 0; w < 3; w++) for (const l of leads) f(l);
  const t = performance.now(); let c = 0;
  for (let p = 0; p < 5; p++) for (const l of leads) if (f(l)) c++;
  console.log(label.padEnd(30), ((performance.now() - t) * 1e6 / (5 * leads.length)).toFixed(1), 'ns/lead', c / 5);
};
time('direct', (l) => l.isCustomer === true);
time('compiled bool eq', compileCondition({ field: 'isCustomer', op: 'eq', value: true }).test);
time('compiled grade eq', compileCondition({ field: 'grade', op: 'eq', value: 'A' }).test);
time('compiled emp gte', compileCondition({ field: 'employees', op: 'gte', value: 5000 }).test);
time('compiled country in', compileCondition({ field: 'country', op: 'in', value: ['US', 'CA'] }).test);
time('compiled title contains', compileCondition({ field: 'title', op: 'contains', value: 'vp' }).test);
time('compiled regex', compileCondition({ field: 'emailDomain', op: 'matches', value: '\\.(gov|edu|mil)(\\.[a-z]{2})?$' }).test);
time('direct again', (l) => l.isCustomer === true);
