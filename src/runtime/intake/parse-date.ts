/** The outcome of converting one value: the value, or why it could not be read. */
export type Converted<T> = { ok: true; value: T } | { ok: false; reason: string };

type Part = 'YYYY' | 'MM' | 'DD' | 'HH' | 'mm' | 'ss';

const TOKENS: readonly Part[] = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'];
const DIGITS: Record<Part, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{1,2})',
  DD: '(\\d{1,2})',
  HH: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
};

/** A date format compiled to a regular expression and the order of its parts. */
interface DateFormat {
  regex: RegExp;
  parts: Part[];
}

const compiled = new Map<string, DateFormat>();

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function compile(format: string): DateFormat {
  const known = compiled.get(format);
  if (known) return known;
  const parts: Part[] = [];
  let source = '';
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find((t) => format.startsWith(t, i));
    if (token) {
      parts.push(token);
      source += DIGITS[token];
      i += token.length;
    } else {
      source += escapeRegex(format[i] ?? '');
      i++;
    }
  }
  const result = { regex: new RegExp(`^${source}$`), parts };
  compiled.set(format, result);
  return result;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function parseIso(text: string): Converted<string> {
  if (ISO_DATE.test(text)) return parseFormatted(text, 'YYYY-MM-DD');
  if (!ISO_DATETIME.test(text)) return { ok: false, reason: `"${text}" is not an ISO-8601 date` };
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned.replace(' ', 'T'));
  const day = parseFormatted(text.slice(0, 10), 'YYYY-MM-DD');
  if (Number.isNaN(ms) || !day.ok) return { ok: false, reason: `"${text}" is not a valid date and time` };
  return { ok: true, value: new Date(ms).toISOString() };
}

function parseFormatted(text: string, format: string): Converted<string> {
  const { regex, parts } = compile(format);
  const m = regex.exec(text);
  if (!m) return { ok: false, reason: `"${text}" does not match the date format ${format}` };
  const v: Partial<Record<Part, number>> = {};
  parts.forEach((p, i) => {
    v[p] = Number(m[i + 1]);
  });
  const year = v.YYYY ?? 0;
  const month = v.MM ?? 1;
  const day = v.DD ?? 1;
  if (month < 1 || month > 12)
    return { ok: false, reason: `"${text}" has no month ${month} (format ${format})` };
  if (day < 1 || day > daysIn(year, month))
    return { ok: false, reason: `"${text}" has no day ${day} in that month (format ${format})` };
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (v.HH === undefined) return { ok: true, value: date };
  const [h, min, s] = [v.HH, v.mm ?? 0, v.ss ?? 0];
  if (h > 23 || min > 59 || s > 59)
    return { ok: false, reason: `"${text}" has no time ${h}:${pad(min)}:${pad(s)}` };
  return { ok: true, value: `${date}T${pad(h)}:${pad(min)}:${pad(s)}.000Z` };
}

/**
 * Reads a date in `format` (`iso`, or tokens such as `MM/DD/YYYY`, `DD.MM.YYYY HH:mm`) and writes it
 * as ISO-8601: `YYYY-MM-DD` for a date, a UTC instant for a date and time.
 */
export function parseDate(text: string, format = 'iso'): Converted<string> {
  const trimmed = text.trim();
  return format === 'iso' ? parseIso(trimmed) : parseFormatted(trimmed, format);
}
