/**
 * Reading ISO 8601 instants fast. Records carry their dates as text, and the scheduled loops read
 * several per record over every record of a kind, where `Date.parse` is a large part of the cost.
 * The two shapes records hold (a date, and a UTC date-time as `toISOString` writes it, with or
 * without milliseconds) are read here with arithmetic; any other text goes to `Date.parse`, except
 * that a date and time written without an offset is read as UTC, never in the machine's zone.
 */

const DAY_MS = 86_400_000;

/** The digit at `i`, or -1 when the character there is not a digit. */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The number written by the digits from `from` to `to` (exclusive), or -1 when one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = digit(text, i);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (month 1–12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Milliseconds of `YYYY-MM-DD` at `0`, or NaN when it is not one (days past 28 included: Date.parse decides those). */
function dateAt(text: string): number {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28) return Number.NaN;
  return daysFromCivil(year, month, day) * DAY_MS;
}

/** A date and time written without an offset: 2026-02-05T10:00, 2026-02-05 10:00:30.5 */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * The instant an ISO text names, in milliseconds since the epoch (NaN when it names none), as
 * `Date.parse` reads it, except that a date and time without an offset is UTC, as import and intake
 * store it, never the zone of the machine: a decision and its replay must not depend on where they
 * run. `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` are read without calling
 * `Date.parse`.
 */
export function parseInstant(text: string): number {
  const n = text.length;
  if (n === 10) {
    const t = dateAt(text);
    return Number.isNaN(t) ? Date.parse(text) : t;
  }
  if ((n === 24 || n === 20) && text.charCodeAt(10) === 84 && text.charCodeAt(n - 1) === 90) {
    const date = dateAt(text);
    const hour = digits(text, 11, 13);
    const minute = digits(text, 14, 16);
    const second = digits(text, 17, 19);
    const ms = n === 24 && text.charCodeAt(19) === 46 ? digits(text, 20, 23) : n === 20 ? 0 : -1;
    if (
      !Number.isNaN(date) &&
      text.charCodeAt(13) === 58 &&
      text.charCodeAt(16) === 58 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59 &&
      ms >= 0
    )
      return date + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  }
  const local = LOCAL_DATE_TIME.exec(text);
  return Date.parse(local ? `${local[1]}T${local[2]}Z` : text);
}
