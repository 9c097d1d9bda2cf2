import { compilePattern } from '../src/kernel/condition-pattern.js';
const t = compilePattern('\\.(gov|edu|mil)(\\.[a-z]{2})?$');
console.log(['agency.gov','x.GOV.uk','a.gov.com','x.com','ſ'].map(t));
const s = compilePattern('sales');
console.log(['SALES','ſales','Sale'].map(s));
const k = compilePattern('^kelvin');
console.log(['\u212Aelvin','kelvin','KELVIN'].map(k));
