import { round3 } from '../../agents/heuristics/string-similarity.js';
import type { Criterion, RubricConfig } from './rubric-config.js';

/** An email as the rubric reads it. */
interface EmailText {
  subject: string;
  lines: readonly string[];
}

/** What the rubric checks a sequence against. */
export interface RubricInput {
  steps: readonly EmailText[];
  /** Words of the facts the emails may use, by kind: name, company, researched facts, signal terms. */
  facts: {
    firstName: string | null;
    company: string | null;
    /** The "why now" signal's words (round, amount, title), if there is one. */
    headline: readonly string[];
    /** Researched details: technologies, campaign, title, industry, proof points. */
    details: readonly string[];
  };
  /** Value props with the words that show an email speaks to them. */
  valueProps: readonly { name: string; keywords: readonly string[] }[];
  rules: Pick<
    RubricConfig,
    | 'words'
    | 'subjectMaxChars'
    | 'maxLineChars'
    | 'maxExclamations'
    | 'bannedPhrases'
    | 'vaguePhrases'
    | 'askPhrases'
    | 'signoffs'
  >;
}

/** One criterion's score with the evidence behind it. */
export interface CriterionScore {
  id: Criterion;
  score: number;
  evidence: string;
}

const has = (text: string, term: string) =>
  term.trim() !== '' && text.toLowerCase().includes(term.toLowerCase());
const bodyOf = (e: EmailText) => e.lines.join('\n\n');
const textOf = (e: EmailText) => `${e.subject}\n${bodyOf(e)}`;
const words = (s: string) => s.split(/\s+/).filter((w) => /\w/.test(w)).length;
const sentences = (s: string) => s.split(/(?<=[.?!])\s+/).filter((x) => x.trim() !== '');
const label = (i: number) => `email ${i + 1}`;

function relevance(x: RubricInput): CriterionScore {
  const notes: string[] = [];
  let met = 0;
  x.steps.forEach((e, i) => {
    const hits = x.valueProps.flatMap((vp) =>
      vp.keywords.filter((k) => has(textOf(e), k)).map((k) => `'${k}' (${vp.name})`),
    );
    if (hits.length > 0) met++;
    notes.push(
      `${label(i)} ${hits.length > 0 ? `names ${hits.slice(0, 3).join(', ')}` : 'names no value prop'}`,
    );
  });
  let total = x.steps.length;
  if (x.facts.headline.length > 0) {
    total++;
    const first = x.steps[0];
    const cited = first ? x.facts.headline.filter((t) => has(textOf(first), t)) : [];
    if (cited.length > 0) met++;
    notes.push(
      cited.length > 0
        ? `email 1 cites the signal (${cited.join(', ')})`
        : 'email 1 misses the "why now" signal',
    );
  }
  return { id: 'relevance', score: round3(met / total), evidence: notes.join('; ') };
}

function personalization(x: RubricInput): CriterionScore {
  const checks: [boolean, string][] = [];
  const { firstName, company, headline, details } = x.facts;
  x.steps.forEach((e, i) => {
    const ok = firstName !== null && has(e.lines[0] ?? '', firstName);
    checks.push([ok, `${label(i)} ${ok ? `greets ${firstName}` : 'greets no one by name'}`]);
  });
  const first = x.steps[0] ? textOf(x.steps[0]) : '';
  checks.push([
    company !== null && has(first, company),
    `email 1 ${company && has(first, company) ? `names ${company}` : 'does not name the company'}`,
  ]);
  const researched = [...headline, ...details].filter((d) => has(first, d));
  checks.push([
    researched.length > 0,
    `email 1 ${researched.length > 0 ? `uses ${researched.slice(0, 3).join(', ')}` : 'uses no researched fact'}`,
  ]);
  const used = new Set([...headline, ...details].filter((d) => x.steps.some((e) => has(textOf(e), d))));
  checks.push([used.size >= 2, `the sequence uses ${used.size} researched fact(s)`]);
  const met = checks.filter(([ok]) => ok).length;
  return {
    id: 'personalization',
    score: round3(met / checks.length),
    evidence: checks.map(([, n]) => n).join('; '),
  };
}

function specificity(x: RubricInput): CriterionScore {
  const notes: string[] = [];
  let concrete = 0;
  const vague: string[] = [];
  x.steps.forEach((e, i) => {
    const t = bodyOf(e);
    const named = [...x.facts.headline, ...x.facts.details].filter((d) => has(t, d));
    const figure = /\d/.test(t.replace(/\b(19|20)\d{2}\b/g, ''));
    if (named.length > 0 || figure) concrete++;
    notes.push(
      `${label(i)} ${named.length > 0 ? `names ${named.slice(0, 2).join(', ')}` : figure ? 'gives a figure' : 'has no concrete detail'}`,
    );
    vague.push(...x.rules.vaguePhrases.filter((p) => has(t, p)).map((p) => `'${p}' in ${label(i)}`));
  });
  if (vague.length > 0) notes.push(`vague: ${vague.join(', ')}`);
  const score = Math.max(0, concrete / x.steps.length - 0.25 * vague.length);
  return { id: 'specificity', score: round3(score), evidence: notes.join('; ') };
}

/** Sentences that ask for something: a question, or a configured ask phrase. */
function asks(x: RubricInput, text: string): string[] {
  return sentences(text).filter((s) => s.trim().endsWith('?') || x.rules.askPhrases.some((p) => has(s, p)));
}

function isSignoff(x: RubricInput, line: string): boolean {
  return x.rules.signoffs.some((s) => line.trim().toLowerCase().startsWith(s.toLowerCase()));
}

function callToAction(x: RubricInput): CriterionScore {
  const notes: string[] = [];
  let met = 0;
  x.steps.forEach((e, i) => {
    const content = e.lines.filter((l) => !isSignoff(x, l));
    const all = asks(x, content.join(' '));
    const closing = asks(x, content.slice(-2).join(' '));
    const ok = all.length === 1 && closing.length === 1;
    if (ok) met++;
    notes.push(
      `${label(i)} ${ok ? `ends on one ask: "${closing[0]?.trim()}"` : all.length === 0 ? 'asks for nothing' : all.length > 1 ? `has ${all.length} asks` : 'asks before its close'}`,
    );
  });
  return { id: 'callToAction', score: round3(met / x.steps.length), evidence: notes.join('; ') };
}

function tone(x: RubricInput): CriterionScore {
  const issues: string[] = [];
  x.steps.forEach((e, i) => {
    const t = textOf(e);
    for (const p of x.rules.bannedPhrases) if (has(t, p)) issues.push(`'${p}' in ${label(i)}`);
    const bangs = (t.match(/!/g) ?? []).length;
    if (bangs > x.rules.maxExclamations) issues.push(`${bangs} exclamation marks in ${label(i)}`);
    const shouting = t.match(/\b[A-Z]{5,}\b/g) ?? [];
    if (shouting.length > 0) issues.push(`shouting (${shouting.slice(0, 2).join(', ')}) in ${label(i)}`);
  });
  return {
    id: 'tone',
    score: round3(Math.max(0, 1 - 0.25 * issues.length)),
    evidence: issues.length === 0 ? 'no banned phrases, shouting or excess exclamation' : issues.join('; '),
  };
}

function length(x: RubricInput): CriterionScore {
  const { min, max } = x.rules.words;
  const notes: string[] = [];
  let met = 0;
  x.steps.forEach((e, i) => {
    const n = words(bodyOf(e));
    const subjectOk = e.subject.trim().length > 0 && e.subject.length <= x.rules.subjectMaxChars;
    const ok = n >= min && n <= max && subjectOk;
    if (ok) met++;
    notes.push(
      `${label(i)} ${n} words${n < min ? ` (< ${min})` : n > max ? ` (> ${max})` : ''}, subject ${e.subject.length} chars${subjectOk ? '' : ` (limit ${x.rules.subjectMaxChars})`}`,
    );
  });
  return { id: 'length', score: round3(met / x.steps.length), evidence: notes.join('; ') };
}

function formatting(x: RubricInput): CriterionScore {
  const problems: string[] = [];
  let total = 0;
  let met = 0;
  const check = (ok: boolean, problem: string) => {
    total++;
    if (ok) met++;
    else problems.push(problem);
  };
  x.steps.forEach((e, i) => {
    const first = e.lines[0] ?? '';
    check(
      /^(hi|hello|hey|dear)\b/i.test(first) || first.trim().endsWith(','),
      `${label(i)} opens without a greeting`,
    );
    check(isSignoff(x, e.lines.at(-1) ?? ''), `${label(i)} closes without a sign-off`);
    check(
      !textOf(e).includes('{{') && !/ {2,}/.test(textOf(e)),
      `${label(i)} has template leftovers or double spaces`,
    );
    const long = e.lines.filter((l) => l.length > x.rules.maxLineChars).length;
    check(long === 0, `${label(i)} has ${long} paragraph(s) over ${x.rules.maxLineChars} characters`);
    check(
      !/^(re|fwd?):/i.test(e.subject) && e.subject !== e.subject.toUpperCase(),
      `${label(i)} subject fakes a reply or shouts`,
    );
  });
  return {
    id: 'formatting',
    score: round3(met / total),
    evidence:
      problems.length === 0
        ? `all ${total} format checks met (greeting, sign-off, no leftovers, short paragraphs, honest subject)`
        : problems.join('; '),
  };
}

/**
 * Scores a sequence on the seven criteria, each with the evidence that justifies its score: rule
 * checks over the text, reading which facts and value props it uses. Deterministic.
 */
export function scoreSequence(x: RubricInput): CriterionScore[] {
  return [
    relevance(x),
    personalization(x),
    specificity(x),
    callToAction(x),
    tone(x),
    length(x),
    formatting(x),
  ];
}
