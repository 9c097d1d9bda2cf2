import type { Dimension } from './config.js';
import type { DimensionResult } from './contract.js';
import { compileCues, findCues, hedgeOf, negationOf } from './cues.js';
import { findEntities } from './entities.js';
import { isQuestion, splitSentences } from './sentences.js';

/** What the extractor reads: the framework's dimensions, the words that negate or hedge, and the text. */
export interface ExtractionInput {
  dimensions: readonly Dimension[];
  negations: readonly string[];
  hedges: readonly string[];
  amountFrom: readonly string[];
  text: string;
}

/** Evidence for every dimension, the deal amount the notes name (or null), and how sure the whole is. */
export interface Extraction {
  dimensions: DimensionResult[];
  amount: number | null;
  confidence: number;
  reasoning: string;
}

/** A cue sentence's weight as evidence, before entities and hedges. */
const BASE = 0.5;
/** Added when the sentence holds an entity the dimension looks for (money for budget). */
const ENTITY_BONUS = 0.3;
/** Added for each further cue of the dimension in the sentence, up to two. */
const EXTRA_CUE_BONUS = 0.1;
/** A hedged sentence ("probably", "I think") keeps this share of its weight. */
const HEDGE_FACTOR = 0.7;
/** A negated cue ("no budget yet") is this strong as evidence against. */
const NEGATED = 0.6;
/** No single sentence is proof. */
const CAP = 0.95;
/** Quotes kept per dimension. */
const QUOTES = 3;

interface Scored {
  at: number;
  sentence: string;
  weight: number;
  against: boolean;
  signals: string[];
  amounts: number[];
}

function scoreSentence(
  sentence: string,
  at: number,
  dim: Dimension,
  cues: ReturnType<typeof compileCues>,
  input: ExtractionInput,
): Scored | null {
  const hits = findCues(sentence, cues);
  if (hits.length === 0) return null;
  const negated = hits.map((h) => negationOf(sentence, h, input.negations));
  const against = negated.every((n) => n !== null);
  const entities = findEntities(sentence, dim.evidence.roles).filter((e) =>
    dim.evidence.entities.includes(e.kind),
  );
  const hedge = hedgeOf(sentence, input.hedges);
  const distinct = new Set(hits.map((h) => h.phrase)).size;
  const extra = Math.min(2, distinct - 1) * EXTRA_CUE_BONUS;
  let weight = against ? NEGATED + extra : BASE + (entities.length > 0 ? ENTITY_BONUS : 0) + extra;
  if (hedge) weight *= HEDGE_FACTOR;
  const signals = [
    ...hits.map((h, i) =>
      negated[i] ? `cue "${h.phrase}" negated by "${negated[i]}"` : `cue "${h.phrase}"`,
    ),
    ...(against ? [] : entities.map((e) => `${e.kind} "${e.text}"`)),
    ...(hedge ? [`hedged by "${hedge}"`] : []),
  ];
  const amounts = against ? [] : entities.flatMap((e) => (e.amount === undefined ? [] : [e.amount]));
  return { at, sentence, weight: Math.min(CAP, weight), against, signals, amounts };
}

/** Noisy-or: independent pieces of evidence add up without ever reaching certainty. */
function combine(weights: readonly number[]): number {
  return Math.round((1 - weights.reduce((p, w) => p * (1 - w), 1)) * 1000) / 1000;
}

function judge(dim: Dimension, scored: readonly Scored[]): DimensionResult & { amounts: number[] } {
  const pro = scored.filter((s) => !s.against);
  const con = scored.filter((s) => s.against);
  const p = combine(pro.map((s) => s.weight));
  const n = combine(con.map((s) => s.weight));
  const status = p === 0 && n === 0 ? 'missing' : p >= n ? 'evidenced' : 'contradicted';
  const side = status === 'evidenced' ? pro : con;
  const quoted = [...side].sort((a, b) => b.weight - a.weight || a.at - b.at).slice(0, QUOTES);
  return {
    key: dim.key,
    label: dim.label,
    status,
    confidence: status === 'evidenced' ? p : status === 'contradicted' ? n : 0,
    evidence: quoted.map((s) => s.sentence),
    signals: quoted.flatMap((s) => s.signals),
    followUps: status === 'evidenced' ? [] : [...dim.questions],
    amounts: status === 'evidenced' ? pro.flatMap((s) => s.amounts) : [],
  };
}

/**
 * Extracts qualification evidence from call notes, dimension by dimension. The text is split into
 * sentences; questions are skipped (a rep asking about budget is not evidence of one). A sentence
 * with one of a dimension's cues is evidence for it, stronger with an entity the dimension looks
 * for (an amount, a date, a role) or more cues, weaker when hedged; a cue negated in its clause
 * ("no budget yet") is evidence against. Evidence combines by noisy-or; a dimension is evidenced,
 * contradicted (the evidence against outweighs the evidence for) or missing, and every dimension not
 * evidenced gets the framework's follow-up questions.
 */
export function extractEvidence(input: ExtractionInput): Extraction {
  const sentences = splitSentences(input.text);
  const results = input.dimensions.map((dim) => {
    const cues = compileCues(dim.evidence.cues);
    const scored = sentences.flatMap((s, at) => {
      if (isQuestion(s)) return [];
      const x = scoreSentence(s, at, dim, cues, input);
      return x ? [x] : [];
    });
    return judge(dim, scored);
  });
  const from = input.amountFrom
    .map((k) => results.find((r) => r.key === k))
    .find((r) => r && r.amounts.length > 0);
  const amount = from ? Math.max(...from.amounts) : null;
  const found = results.filter((r) => r.status !== 'missing');
  const confidence =
    found.length === 0
      ? 0.5
      : Math.round((found.reduce((s, r) => s + r.confidence, 0) / found.length) * 1000) / 1000;
  const count = (s: DimensionResult['status']) => results.filter((r) => r.status === s).map((r) => r.key);
  const reasoning =
    `${sentences.length} sentences; evidenced: ${count('evidenced').join(', ') || 'none'}; ` +
    `contradicted: ${count('contradicted').join(', ') || 'none'}; missing: ${count('missing').join(', ') || 'none'}` +
    (found.length === 0 ? '; no dimension has evidence, so the confidence is 0.5' : '');
  return { dimensions: results.map(({ amounts: _, ...r }) => r), amount, confidence, reasoning };
}
