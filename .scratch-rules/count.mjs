import { readFileSync, writeFileSync } from 'node:fs';
let s = readFileSync('/work/main/.scratch-rules/b.mjs', 'utf8');
s = s.replace('function runLeaf(p, s) {', 'globalThis.__n = 0; function runLeaf(p, s) { globalThis.__n++;');
s = s.replace('for (let r = 0; r < 30; r++) a(leads);', 'a(leads); console.log("runLeaf per lead", globalThis.__n / leads.length);');
writeFileSync('/work/main/.scratch-rules/c.mjs', s);
