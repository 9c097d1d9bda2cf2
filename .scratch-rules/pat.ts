import { generateLeads } from '../bench/rules.js';
import { compilePattern } from '../src/kernel/condition-pattern.js';
import { RE2JS } from 're2js';
import { bench } from './h.js';
const doms = generateLeads(100_000).map((l) => l.emailDomain);
const P = '\\.(gov|edu|mil)(\\.[a-z]{2})?$';
const re = RE2JS.compile(P, RE2JS.CASE_INSENSITIVE);
const A = /^[\x00-\x7f]*$/;
bench(doms, {
  compilePattern: compilePattern(P),
  re2: (t) => re.test(t),
  ascii: (t) => A.test(t),
  lowerIncludes: (t) => { const l = t.toLowerCase(); return l.includes('.gov') || l.includes('.edu') || l.includes('.mil'); },
  native: (t) => /\.(gov|edu|mil)(\.[a-z]{2})?$/i.test(t),
});
