import { jaroWinkler, levenshteinRatio, round3 } from './string-similarity.js';

/**
 * Legal-form words dropped from the end of a company name (after punctuation is removed, so
 * "L.L.C." is "llc" and "S.A." is "sa"). Only trailing ones go: "Company" in "The Company Store" stays.
 */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'cos',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ug',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'oyj',
  'ab',
  'as',
  'asa',
  'aps',
  'kk',
  'pty',
  'pte',
  'pvt',
  'holdings',
  'group',
  'aktiengesellschaft',
  'ltda',
  'sl',
  'kft',
  'zrt',
  'spzoo',
]);

/** Multi-word legal forms, matched at the end before single words ("pty ltd", "co kg"). */
const LEGAL_PHRASES: readonly (readonly string[])[] = [
  ['private', 'limited'],
  ['public', 'limited', 'company'],
  ['limited', 'liability', 'company'],
  ['gmbh', 'co', 'kg'],
  ['kabushiki', 'kaisha'],
  ['sociedad', 'anonima'],
  ['societe', 'anonyme'],
  ['naamloze', 'vennootschap'],
  ['besloten', 'vennootschap'],
  ['gesellschaft', 'mit', 'beschrankter', 'haftung'],
  ['sa', 'de', 'cv'],
  ['sp', 'z', 'o', 'o'],
];

/** Lowercase ASCII words of a name, legal forms kept: accents folded, "&" read as "and", punctuation dropped. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b([a-z])\.(?=[a-z]\b\.?)/g, '$1') // "l.l.c." -> "llc", "s.a." -> "sa"
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

function endsWith(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (tokens.length <= phrase.length) return false;
  return phrase.every((w, i) => tokens[tokens.length - phrase.length + i] === w);
}

/**
 * The words that identify a company: `nameTokens` without a leading "the" and without trailing
 * legal forms (Inc, Corp, LLC, GmbH, Ltd, ...). At least one word is always kept, so "The Company"
 * stays "company".
 */
export function companyNameTokens(name: string): string[] {
  const tokens = nameTokens(name);
  if (tokens.length > 1 && tokens[0] === 'the') tokens.shift();
  let stripped = false;
  for (;;) {
    const phrase = LEGAL_PHRASES.find((p) => endsWith(tokens, p));
    const last = tokens.at(-1);
    if (phrase) tokens.splice(tokens.length - phrase.length);
    // "GmbH & Co. KG" leaves a dangling "and" once "co kg" is gone
    else if (
      tokens.length > 1 &&
      last !== undefined &&
      (LEGAL_SUFFIXES.has(last) || (stripped && last === 'and'))
    )
      tokens.pop();
    else return tokens;
    stripped = true;
  }
}

/** A company name reduced to the words that identify it, space-joined: "The Acme Corp., Inc." -> "acme". */
export function normalizeCompanyName(name: string): string {
  return companyNameTokens(name).join(' ');
}

/** How well two word lists overlap when near-identical words (typos) count: a Dice coefficient in [0, 1]. */
function fuzzyTokenOverlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const used = new Array<boolean>(b.length).fill(false);
  let matched = 0;
  for (const t of a) {
    let best = 0;
    let at = -1;
    for (let j = 0; j < b.length; j++) {
      if (used[j]) continue;
      const s = levenshteinRatio(t, b[j] as string);
      if (s > best) {
        best = s;
        at = j;
      }
    }
    if (at >= 0 && best >= 0.75) {
      used[at] = true;
      matched += best;
    }
  }
  return (2 * matched) / (a.length + b.length);
}

/** True when one side is the initials of the other's words ("ibm" and "international business machines"). */
function isAcronymOf(short: readonly string[], long: readonly string[]): boolean {
  if (short.length !== 1 || long.length < 2) return false;
  const initials = long
    .filter((t) => t !== 'and' && t !== 'of')
    .map((t) => t[0])
    .join('');
  return short[0] === initials;
}

/** A name similarity with the normalized forms it compared, for evidence. */
export interface NameSimilarity {
  score: number;
  a: string;
  b: string;
  /** How the score came about: "same name", "acronym", or "words 0.67, characters 0.89". */
  basis: string;
}

/**
 * How alike two company names are, in [0, 1], with why. Both are normalized first (legal forms and
 * "The" dropped), so "Acme, Inc." and "The Acme Corporation" score 1. Otherwise the score averages
 * word overlap (typo-tolerant) and Jaro-Winkler over the whole normalized names; "Acme" vs
 * "Acme Labs" scores about 0.78, and an acronym of the other's words scores 0.9.
 */
export function compareCompanyNames(a: string, b: string): NameSimilarity {
  const ta = companyNameTokens(a);
  const tb = companyNameTokens(b);
  const na = ta.join(' ');
  const nb = tb.join(' ');
  if (na.length === 0 || nb.length === 0) return { score: 0, a: na, b: nb, basis: 'a name is empty' };
  if (na === nb || ta.join('') === tb.join('')) return { score: 1, a: na, b: nb, basis: 'same name' };
  if (isAcronymOf(ta, tb) || isAcronymOf(tb, ta)) return { score: 0.9, a: na, b: nb, basis: 'acronym' };
  const words = fuzzyTokenOverlap(ta, tb);
  const chars = jaroWinkler(na, nb);
  return {
    score: round3((words + chars) / 2),
    a: na,
    b: nb,
    basis: `words ${words.toFixed(2)}, characters ${chars.toFixed(2)}`,
  };
}

/** How alike two company names are, in [0, 1] (see `compareCompanyNames` for the method). */
export function companyNameSimilarity(a: string, b: string): number {
  return compareCompanyNames(a, b).score;
}
