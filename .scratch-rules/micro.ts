import { generateLeads } from '../bench/rules.js';
const leads = generateLeads(100_000);
const time = (label: string, f: (l: any) => boolean) => {
  for (let w = 0; w < 3; w++) for (const l of leads) f(l);
  const t = performance.now(); let c = 0;
  for (let p = 0; p < 5; p++) for (const l of leads) if (f(l)) c++;
  console.log(label.padEnd(30), ((performance.now() - t) * 1e6 / (5 * leads.length)).toFixed(1), 'ns/lead', c / 5);
};
const key = 'isCustomer';
time('direct', (l) => l.isCustomer === true);
time('keyed', (l) => l[key] === true);
time('hasOwn keyed', (l) => (Object.hasOwn(l, key) ? l[key] : undefined) === true);
time('hasOwnProperty', (l) => (Object.prototype.hasOwnProperty.call(l, key) ? l[key] : undefined) === true);
time('in-check', (l) => { const v = l[key]; return v !== undefined && v === true; });
time('String(false).toLowerCase', (l) => String(l[key]).toLowerCase() === 'true');
time('direct again', (l) => l.isCustomer === true);
time('grade A', (l) => l.grade === 'A');
time('grade hasOwn', (l) => (Object.hasOwn(l, 'grade') ? l.grade : undefined) === 'A');
