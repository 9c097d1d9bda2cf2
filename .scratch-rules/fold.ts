import { RE2JS } from 're2js';
const bad: string[] = [];
for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789') {
  const re = RE2JS.compile(RE2JS.quote(ch), RE2JS.CASE_INSENSITIVE);
  for (let cp = 128; cp < 0x30000; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const s = String.fromCodePoint(cp);
    if (re.test(s) && !s.toLowerCase().includes(ch)) bad.push(`${ch}:U+${cp.toString(16)}`);
  }
}
console.log(bad);
