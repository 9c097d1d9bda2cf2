import type { WhatIfChange, WhatIfContext } from './whatif-changes.js';

const WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** A number as people write it: 2, two, 2,000, 1.5m, 300k. */
function parseAmount(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/^\$/, '');
  if (t in WORDS) return WORDS[t];
  const m = /^(\d+(?:,\d{3})*(?:\.\d+)?)([km])?$/.exec(t);
  if (!m) return undefined;
  const n = Number((m[1] as string).replace(/,/g, ''));
  return m[2] === 'k' ? n * 1_000 : m[2] === 'm' ? n * 1_000_000 : n;
}

const tokens = (s: string) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * The territory a phrase names: the one whose id or name it is, else the one sharing most words with
 * its id and name (ties: the most specific, a child).
 */
function findTerritory(
  ctx: WhatIfContext,
  phrase: string,
): { id: string; score: number; tie: boolean } | null {
  // A phrase that is a territory's id or name, word for word, names that territory.
  const said = tokens(phrase).join(' ');
  const exact = ctx.territories.find(
    (t) => tokens(t.id).join(' ') === said || tokens(t.name).join(' ') === said,
  );
  if (exact) return { id: exact.id, score: Number.POSITIVE_INFINITY, tie: false };
  const words = new Set(tokens(phrase));
  const scored = ctx.territories
    .map((t) => {
      const own = new Set([...tokens(t.id), ...tokens(t.name), ...t.segments.flatMap(tokens)]);
      return { id: t.id, score: [...words].filter((w) => own.has(w)).length, depth: t.depth };
    })
    .filter((t) => t.score > 0)
    .sort((a, b) => b.score - a.score || b.depth - a.depth);
  const best = scored[0];
  if (!best) return null;
  const tie = scored.some((s) => s !== best && s.score === best.score && s.depth === best.depth);
  return { id: best.id, score: best.score, tie };
}

type Parse = { change: WhatIfChange; sure: boolean } | { problem: string };

const ADD =
  /^add\s+(\S+)\s+(?:(\w+)\s+)?(?:reps?|people|persons?|hires?|aes?|sdrs?)\s+(?:to|in)\s+(.+?)(?:\s+(?:in|from)\s+q(\d+))?$/;

/** The most people one question may add or remove: a plan's headcount, not a typo's. */
const MAX_PEOPLE = 1_000;

/** Why a headcount cannot be read as people to add or remove, if it cannot. */
function headcountProblem(text: string, count: number | undefined): string | undefined {
  if (count === undefined) return `"${text}" is not a number`;
  if (!Number.isInteger(count) || count < 1) return `"${text}" is not a whole number of people, 1 or more`;
  if (count > MAX_PEOPLE)
    return `${count} people is more than one question may change (at most ${MAX_PEOPLE})`;
  return undefined;
}
const REMOVE = /^remove\s+(\S+)\s+(?:\w+\s+)?(?:reps?|people|aes?|sdrs?)\s+from\s+(.+)$/;
const THRESHOLD = /^(?:raise|lower|set|move)\s+the\s+(\w[\w-]*)\s+threshold\s+to\s+(\S+)(?:\s+employees)?$/;
const MOVE = /^move\s+(\S+)\s+to\s+(.+)$/;
const TARGET = /^(?:raise|lower|set)\s+(?:the\s+)?(.+?)\s+target\s+to\s+(\S+)$/;

function territoryOrProblem(
  ctx: WhatIfContext,
  phrase: string,
): { id: string; sure: boolean } | { problem: string } {
  const t = findTerritory(ctx, phrase);
  if (!t) return { problem: `no territory matches "${phrase}"` };
  return { id: t.id, sure: !t.tie };
}

/** One clause of the documented grammar as a change, or why it could not be read. */
export function parseClause(ctx: WhatIfContext, clause: string): Parse {
  const q = clause
    .trim()
    .toLowerCase()
    .replace(/^what if (?:we )?/, '')
    .replace(/[?.!]+$/, '')
    .replace(/^(?:we )?/, '');
  let m = ADD.exec(q);
  if (m) {
    const count = parseAmount(m[1] as string);
    const t = territoryOrProblem(ctx, m[3] as string);
    const problem = headcountProblem(m[1] as string, count);
    if (problem) return { problem };
    const quarter = m[4] ? Number(m[4]) : 1;
    if (quarter < 1 || quarter > 4)
      return { problem: `Q${m[4]} is not a quarter: a hire starts in Q1 to Q4` };
    if ('problem' in t) return t;
    const role = m[2] && ctx.roles.includes(m[2]) ? m[2] : ctx.defaultRole;
    return {
      change: { op: 'add-people', territory: t.id, role, count: count as number, quarter },
      sure: t.sure,
    };
  }
  m = REMOVE.exec(q);
  if (m) {
    const count = parseAmount(m[1] as string);
    const t = territoryOrProblem(ctx, m[2] as string);
    const problem = headcountProblem(m[1] as string, count);
    if (problem) return { problem };
    if ('problem' in t) return t;
    return { change: { op: 'remove-people', territory: t.id, count: count as number }, sure: t.sure };
  }
  m = THRESHOLD.exec(q);
  if (m) {
    const value = parseAmount(m[2] as string);
    if (value === undefined) return { problem: `"${m[2]}" is not a number` };
    if (!ctx.segments.includes(m[1] as string))
      return { problem: `no segment ${m[1]} (segments: ${ctx.segments.join(', ')})` };
    return { change: { op: 'segment-threshold', segment: m[1] as string, value }, sure: true };
  }
  m = TARGET.exec(q);
  if (m) {
    const value = parseAmount(m[2] as string);
    const t = territoryOrProblem(ctx, m[1] as string);
    if (value === undefined) return { problem: `"${m[2]}" is not an amount` };
    if ('problem' in t) return t;
    return { change: { op: 'set-target', territory: t.id, value }, sure: t.sure };
  }
  m = MOVE.exec(q);
  if (m) {
    const t = territoryOrProblem(ctx, m[2] as string);
    if ('problem' in t) return t;
    const who = ctx.people.find((p) => p.toLowerCase() === m?.[1]);
    return who
      ? { change: { op: 'move-person', person: who, territory: t.id }, sure: t.sure }
      : { change: { op: 'move-account', account: m[1] as string, territory: t.id }, sure: t.sure };
  }
  return { problem: `"${clause.trim()}" is not a question the heuristic understands` };
}
