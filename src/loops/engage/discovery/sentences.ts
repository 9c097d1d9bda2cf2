/** Words whose trailing period does not end a sentence. */
// biome-ignore format: a word list reads best packed
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'inc', 'ltd', 'corp', 'co', 'vs', 'etc', 'approx',
  'eg', 'ie', 'e.g', 'i.e', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov',
  'dec', 'no', 'fig', 'dept', 'est', 'mgr', 'vp', 'svp', 'evp',
]);

/** A timestamp at the start of a transcript line: "[00:12:03]", "12:03 -". Speaker labels stay: they name roles. */
const TIMESTAMP = /^\s*\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*-?\s*/;
/** A list bullet or numbering at the start of a line. */
const BULLET = /^\s*(?:[-*•–]+|\d{1,2}[.)])\s+/;

/** Splits one line at sentence ends: . ! ? followed by space, unless the word before is an abbreviation or a decimal. */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.!?]+(?=\s+|$)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const end = m.index + m[0].length;
    const token = /(\S+)$/.exec(line.slice(start, m.index))?.[1] ?? '';
    const word = token.replace(/^[^A-Za-z]+/, '').toLowerCase();
    const initial = /^[A-Z]$/.test(token); // "J. Smith", but not "$50k."
    if (m[0] === '.' && (initial || (/^[a-z.]+$/.test(word) && ABBREVIATIONS.has(word)))) continue;
    out.push(line.slice(start, end));
    start = end;
  }
  out.push(line.slice(start));
  return out;
}

/**
 * The sentences of call notes or a transcript, in order: lines split at sentence ends (not at
 * "Inc.", "e.g." or "$1.5M"), timestamps and bullets removed, blank ones dropped. A semicolon
 * also ends a sentence, since notes run separate facts together with one.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(TIMESTAMP, '').replace(BULLET, '').trim();
    if (line === '') continue;
    for (const part of splitLine(line))
      for (const s of part.split(/;\s+/)) {
        const t = s.trim();
        if (/[A-Za-z0-9]/.test(t)) sentences.push(t);
      }
  }
  return sentences;
}

/** True when a sentence asks rather than tells: it ends with "?" (a rep's question is not evidence). */
export function isQuestion(sentence: string): boolean {
  return /\?\s*["')\]]*\s*$/.test(sentence);
}
