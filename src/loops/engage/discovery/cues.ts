import { escapeRegex } from './entities.js';

/** Words that, close to a cue, say the thing is absent: "no budget yet", "budget isn't approved". */
// biome-ignore format: a word list reads best packed
export const DEFAULT_NEGATIONS = [
  'no', 'not', 'never', 'none', 'nobody', 'without', 'lack', 'lacks', 'lacking', 'zero', 'neither', 'nor',
  "n't", 'unclear', 'unknown', 'undecided', 'undefined', 'tbd', 'tbc', 'unsure', 'yet to', 'no idea', 'not sure',
  'nothing', 'unidentified', 'unconfirmed', 'unapproved', 'unfunded', 'frozen', 'freeze',
];

/** Words that make a statement weaker: "probably Q3", "I think the CFO signs". */
// biome-ignore format: a word list reads best packed
export const DEFAULT_HEDGES = [
  'maybe', 'might', 'possibly', 'probably', 'perhaps', 'hopefully', 'i think', 'we think', 'i guess',
  'could be', 'tentative', 'tentatively', 'likely', 'ballpark', 'roughly', 'not certain', 'assume', 'assuming',
];

/** How many words before a cue a negation reaches, within the same clause ("no budget has been set aside"). */
const REACH_BEFORE = 4;
/** How many words after a cue a negation reaches ("budget is not approved"). */
const REACH_AFTER = 4;

/** A compiled cue: its phrase and the expression that finds it as whole words. */
export interface Cue {
  phrase: string;
  re: RegExp;
}

/** Compiles cue phrases: case-insensitive whole words, a trailing * matching any word ending. */
export function compileCues(phrases: readonly string[]): Cue[] {
  return phrases.map((phrase) => {
    const wild = phrase.endsWith('*');
    const body = escapeRegex((wild ? phrase.slice(0, -1) : phrase).toLowerCase()).replace(/\s+/g, '[\\s-]+');
    return {
      phrase,
      re: new RegExp(`(?<![a-z0-9])${body}${wild ? '[a-z]*' : '(?![a-z0-9])'}`, 'i'),
    };
  });
}

/** A cue found in a sentence: which, and where. */
export interface CueHit {
  phrase: string;
  start: number;
  end: number;
}

/** The cues a sentence holds, each once, in order of appearance. */
export function findCues(sentence: string, cues: readonly Cue[]): CueHit[] {
  const hits: CueHit[] = [];
  for (const c of cues) {
    const m = c.re.exec(sentence);
    if (m) hits.push({ phrase: c.phrase, start: m.index, end: m.index + m[0].length });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** The words of a clause fragment, lowercased, with "n't" split off so "isn't" reads "is n't". */
function words(fragment: string): string[] {
  return fragment
    .toLowerCase()
    .replace(/n['’]t\b/g, " n't")
    .split(/[^a-z0-9'-]+/)
    .filter((w) => w !== '');
}

/** The part of the sentence in the same clause as [start, end): commas, dashes, "but" and colons end a clause. */
function clauseAround(sentence: string, start: number, end: number): { before: string; after: string } {
  const before = sentence.slice(0, start);
  const after = sentence.slice(end);
  const cutBefore = Math.max(
    ...[',', ' - ', ' – ', ' but ', ':', '(', ' and '].map((s) => before.lastIndexOf(s)),
  );
  const afterCuts = [',', ' - ', ' – ', ' but ', '(', ' and ', ' so ']
    .map((s) => after.indexOf(s))
    .filter((i) => i >= 0);
  return {
    before: cutBefore >= 0 ? before.slice(cutBefore + 1) : before,
    after: afterCuts.length > 0 ? after.slice(0, Math.min(...afterCuts)) : after,
  };
}

function containsPhrase(ws: readonly string[], phrase: string): boolean {
  const p = words(phrase);
  if (p.length === 0) return false;
  for (let i = 0; i + p.length <= ws.length; i++) if (p.every((w, j) => ws[i + j] === w)) return true;
  return false;
}

/**
 * The negation that scopes a cue, or null: a negation word within a few words before or after the
 * cue, in the same clause ("no budget yet", "budget isn't approved", "without a sign-off").
 */
export function negationOf(sentence: string, hit: CueHit, negations: readonly string[]): string | null {
  const { before, after } = clauseAround(sentence, hit.start, hit.end);
  const near = [...words(before).slice(-REACH_BEFORE), ...words(after).slice(0, REACH_AFTER)];
  return negations.find((n) => containsPhrase(near, n)) ?? null;
}

/** The hedge a sentence uses, or null. */
export function hedgeOf(sentence: string, hedges: readonly string[]): string | null {
  const ws = words(sentence);
  return hedges.find((h) => containsPhrase(ws, h)) ?? null;
}
