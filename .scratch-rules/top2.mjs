import { readFileSync, readdirSync } from 'node:fs';
const dir = '/tmp/rprof'; const f = readdirSync(dir)[0];
const prof = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
const lines = new Map(); let total = 0;
for (const n of prof.nodes) { for (const pt of n.positionTicks ?? []) { const k = `${n.callFrame.url.split('/').pop()}:${pt.line}`; lines.set(k, (lines.get(k) ?? 0) + pt.ticks); total += pt.ticks; } }
const src = readFileSync('/work/main/.scratch-rules/b.mjs', 'utf8').split('\n');
for (const [k, v] of [...lines.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) { const ln = Number(k.split(':')[1]); console.log((v / total * 100).toFixed(1).padStart(5), k.padEnd(12), k.startsWith('b.mjs') ? (src[ln - 1] ?? '').trim().slice(0, 110) : ''); }
