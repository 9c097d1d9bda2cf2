import { generateLeads } from '../bench/rules.js';
const leads = generateLeads(100_000);
const time = (label: string, f: (l: any) => boolean) => {
  for (let w = 0; w < 3; w++) for (const l of leads) f(l);
  const t = performance.now(); let c = 0;
  for (let p = 0; p < 5; p++) for (const l of leads) if (f(l)) c++;
  console.log(label.padEnd(30), ((performance.now() - t) * 1e6 / (5 * leads.length)).toFixed(1), 'ns/lead', c / 5);
};
const ASCII = /^[\x00-\x7f]*$/;
function fusedEq(key: string, x: string, negated: boolean) {
  const xl = x.toLowerCase(); const same = ASCII.test(xl);
  return (s: unknown): boolean => {
    const v = s !== null && typeof s === 'object' ? (s as Record<string, unknown>)[key] : undefined;
    if (typeof v === 'string') {
      const hit = v === x || ((!same || v.length === xl.length) && v.toLowerCase() === xl);
      return hit !== negated;
    }
    return negated;
  };
}
function reader(key: string) { return (o: unknown) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined); }
function viaReader(key: string, x: string, negated: boolean) {
  const read = reader(key); const xl = x.toLowerCase(); const same = ASCII.test(xl);
  return (s: unknown): boolean => {
    const v = read(s);
    if (typeof v === 'string') { const hit = v === x || ((!same || v.length === xl.length) && v.toLowerCase() === xl); return hit !== negated; }
    return negated;
  };
}
const fs = [fusedEq('grade', 'A', false), fusedEq('region', 'NA', false), fusedEq('country', 'US', false), fusedEq('industry', 'Fintech', true)];
const rs = [viaReader('grade', 'A', false), viaReader('region', 'NA', false), viaReader('country', 'US', false), viaReader('industry', 'Fintech', true)];
time('fused grade', fs[0]!);
time('reader grade', rs[0]!);
time('fused chain4', (l) => fs[0]!(l) || fs[1]!(l) || fs[2]!(l) || fs[3]!(l));
time('reader chain4', (l) => rs[0]!(l) || rs[1]!(l) || rs[2]!(l) || rs[3]!(l));
const arr = fs; time('fused loop4', (l) => { for (const f of arr) if (f(l)) return true; return false; });
const arr2 = rs; time('reader loop4', (l) => { for (const f of arr2) if (f(l)) return true; return false; });
time('hand chain4', (l) => l.grade === 'A' || l.region === 'NA' || l.country === 'US' || l.industry !== 'Fintech');
