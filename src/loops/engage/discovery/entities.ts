import type { EntityKind } from './config.js';

/** An entity found in a sentence: its kind, the text, and for money the amount. */
export interface Entity {
  kind: EntityKind;
  text: string;
  amount?: number;
}

const SCALE: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE_WORD = 'k|mm|mn|m|bn|b|thousand|million|billion';
const MONEY = new RegExp(
  String.raw`(?:[$€£]\s?(${NUM})\s?(${SCALE_WORD})?\b)|(?:\b(${NUM})\s?(${SCALE_WORD})?\s?(?:usd|eur|gbp|dollars|euros|pounds|bucks)\b)|(?:\b(${NUM})\s?(k|mm|mn|bn)\b)`,
  'gi',
);
const PERCENT = new RegExp(String.raw`\b(?:${NUM})\s?(?:%|percent\b|pct\b)`, 'gi');
const NUMBER = new RegExp(String.raw`\b(?:${NUM})\b`, 'g');

// "may" alone is a verb as often as a month; it counts only beside a day, a year or a preposition
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b${MONTH}\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?\b`, 'gi'),
  /\b(?:may\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?|may\s+\d{4}\b|(?:in|by|until|before|end of|mid-?)\s?may\b)/gi,
  /\b\d{4}-\d{2}-\d{2}\b/g,
  /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g,
  /\b(?:fy\s?)?q[1-4](?:\s?(?:fy)?'?\d{2,4})?\b/gi,
  /\b[hH][12]\b/g,
  /\b(?:end of|by the end of|before the end of|start of|beginning of|middle of|mid)[\s-](?:the\s)?(?:this\s|next\s)?(?:year|quarter|month|fiscal year|fy)\b/gi,
  /\b(?:this|next|coming)\s(?:week|month|quarter|year|fiscal year|fy|spring|summer|fall|autumn|winter)\b/gi,
  /\b(?:within|in)\s(?:the\s)?(?:next\s)?(?:\d+|a|one|two|three|four|six|few|couple of)\s(?:days?|weeks?|months?|quarters?)\b/gi,
  /\b(?:\d+|one|two|three|four|five|six|eight|ten|twelve|a few|a couple of)[\s-](?:days?|weeks?|months?|quarters?)\b/gi,
  /\b(?:by|before|after|until)\s(?:monday|tuesday|wednesday|thursday|friday|christmas|year[\s-]end|the holidays)\b/gi,
  /\b20[2-4]\d\b/g,
];

/** Job titles and roles that name a person of authority or influence. */
// biome-ignore format: a word list reads best packed
const ROLE_WORDS = [
  'ceo', 'cfo', 'cto', 'coo', 'cio', 'cro', 'cmo', 'ciso', 'cpo', 'chief [a-z]+ officer', 'founder', 'co-founder',
  'cofounder', 'owner', 'president', 'vice president', 'vp', 'svp', 'evp', 'gm', 'general manager',
  'managing director', 'director', 'head of [a-z]+', 'board', 'controller', 'treasurer', 'procurement',
  'purchasing', 'economic buyer', 'champion', 'decision maker', 'decision-maker', 'budget holder',
  'manager', 'team lead', 'partner',
];

function roleRegex(extra: readonly string[]): RegExp {
  const words = [...extra.map(escapeRegex), ...ROLE_WORDS].sort((a, b) => b.length - a.length);
  return new RegExp(String.raw`\b(?:${words.join('|')})\b`, 'gi');
}

/** Escapes a literal for a regular expression. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function moneyAmount(m: RegExpExecArray): number | undefined {
  const digits = m[1] ?? m[3] ?? m[5];
  const scale = (m[2] ?? m[4] ?? m[6] ?? '').toLowerCase();
  if (digits === undefined) return undefined;
  const n = Number(digits.replace(/,/g, ''));
  return Number.isFinite(n) ? n * (SCALE[scale] ?? 1) : undefined;
}

function overlaps(spans: readonly [number, number][], at: number, len: number): boolean {
  return spans.some(([s, e]) => at < e && at + len > s);
}

/**
 * The entities in a sentence: money (with its amount), percentages, dates and timelines, job roles
 * (built-in titles plus `extraRoles`), and bare numbers not already part of one of those.
 */
export function findEntities(sentence: string, extraRoles: readonly string[] = []): Entity[] {
  const found: Entity[] = [];
  const spans: [number, number][] = [];
  const take = (re: RegExp, kind: EntityKind, amount?: (m: RegExpExecArray) => number | undefined) => {
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      if (m[0].length === 0 || overlaps(spans, m.index, m[0].length)) continue;
      spans.push([m.index, m.index + m[0].length]);
      const a = amount?.(m);
      found.push(a === undefined ? { kind, text: m[0].trim() } : { kind, text: m[0].trim(), amount: a });
    }
  };
  take(MONEY, 'money', moneyAmount);
  take(PERCENT, 'percent');
  for (const re of DATE_PATTERNS) take(re, 'date');
  take(roleRegex(extraRoles), 'role');
  take(NUMBER, 'number');
  return found;
}
