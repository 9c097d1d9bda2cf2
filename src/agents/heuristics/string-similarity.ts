import { distance } from 'fastest-levenshtein';

/** 1 minus the Levenshtein distance over the longer length: 1 for equal strings, 0 for nothing in common. */
export function levenshteinRatio(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  return 1 - distance(a, b) / longest;
}

/** Characters of `a` that match `b` within the Jaro window, in order, and which of `b` were used. */
function jaroMatches(a: string, b: string): { inA: string[]; usedB: boolean[] } {
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const usedB = new Array<boolean>(b.length).fill(false);
  const inA: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!usedB[j] && a[i] === b[j]) {
        usedB[j] = true;
        inA.push(a[i] as string);
        break;
      }
    }
  }
  return { inA, usedB };
}

/** The Jaro similarity of two strings, in [0, 1]. */
function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const { inA, usedB } = jaroMatches(a, b);
  const m = inA.length;
  if (m === 0) return 0;
  const inB = [...b].filter((_, j) => usedB[j]);
  let transpositions = 0;
  for (let k = 0; k < m; k++) if (inA[k] !== inB[k]) transpositions++;
  return (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
}

/**
 * The Jaro-Winkler similarity, in [0, 1]: Jaro boosted by a shared prefix of up to four characters,
 * which suits names where the start carries the identity ("Acme" vs "Acme Labs").
 */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return j + prefix * prefixScale * (1 - j);
}

/** Rounds a score to three decimals, so scores read well and compare exactly. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
