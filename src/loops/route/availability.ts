import type { JsonObject } from '../../kernel/index.js';
import { inWindow, isTimeZone, type LocalTime, localTime, workingWindow } from './local-time.js';

/** Why a person was passed over: a short code for ledgers and a sentence for traces. */
export type SkipCode =
  | 'no-record'
  | 'inactive'
  | 'bad-timezone'
  | 'out-of-office'
  | 'off-hours'
  | 'daily-cap'
  | 'capacity'
  | 'excluded';

/** Whether a person can take a lead right now, before counting their load. */
export type Presence =
  | { ok: true; timezone: string; local: LocalTime }
  | { ok: false; code: SkipCode; reason: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A time-zone-free date compares with the local date; a date-time with the instant. */
function afterStart(from: string, now: Date, local: LocalTime): boolean {
  return DATE_ONLY.test(from) ? local.date >= from : now.getTime() >= Date.parse(from);
}

function beforeEnd(to: string, now: Date, local: LocalTime): boolean {
  return DATE_ONLY.test(to) ? local.date <= to : now.getTime() <= Date.parse(to);
}

/** The out-of-office range the person is in now, if any. */
function awayRange(user: JsonObject, now: Date, local: LocalTime): { from: string; to: string } | undefined {
  const ranges = Array.isArray(user.outOfOffice) ? user.outOfOffice : [];
  for (const r of ranges) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) continue;
    const { from, to } = r as { from?: unknown; to?: unknown };
    if (typeof from !== 'string' || typeof to !== 'string') continue;
    if (afterStart(from, now, local) && beforeEnd(to, now, local)) return { from, to };
  }
  return undefined;
}

const HHMM = /^\d{2}:\d{2}$/;

/** The user's working hours, when the record has well-formed ones. */
export function hoursOf(user: JsonObject): { start: string; end: string; days?: string[] } | undefined {
  const h = user.workingHours;
  if (h === null || typeof h !== 'object' || Array.isArray(h)) return undefined;
  const { start, end, days } = h as { start?: unknown; end?: unknown; days?: unknown };
  if (typeof start !== 'string' || typeof end !== 'string' || !HHMM.test(start) || !HHMM.test(end))
    return undefined;
  const list = Array.isArray(days) ? days.filter((d): d is string => typeof d === 'string') : undefined;
  return list ? { start, end, days: list } : { start, end };
}

/** The IANA zone of a user record, or the fallback when it names none. */
export function timezoneOf(user: JsonObject | null, fallback: string): string {
  const tz = user?.timezone;
  return typeof tz === 'string' && tz.trim() !== '' ? tz.trim() : fallback;
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * Whether a person is there to take a lead at `now`: they have a user record, are active, have a
 * known time zone, are not out of office and (unless `workingHours` is ignore) are inside their
 * working hours in their own time zone. Pure: the record and the instant come in.
 */
export function presenceOf(
  user: JsonObject | null,
  now: Date,
  options: { defaultTimezone: string; workingHours: 'respect' | 'ignore' },
): Presence {
  if (user === null) return { ok: false, code: 'no-record', reason: 'no user record' };
  if (user.active === false) return { ok: false, code: 'inactive', reason: 'inactive' };
  const timezone = timezoneOf(user, options.defaultTimezone);
  if (!isTimeZone(timezone))
    return { ok: false, code: 'bad-timezone', reason: `unknown time zone ${timezone}` };
  const local = localTime(now, timezone);
  const away = awayRange(user, now, local);
  if (away) return { ok: false, code: 'out-of-office', reason: `out of office ${away.from} to ${away.to}` };
  const hours = hoursOf(user);
  if (options.workingHours === 'respect' && hours) {
    const w = workingWindow(hours);
    if (!inWindow(w, local)) {
      const days = [...w.days].join(', ');
      return {
        ok: false,
        code: 'off-hours',
        reason: `outside working hours (${local.weekday} ${hhmm(local.minutes)} in ${timezone}; works ${hours.start}-${hours.end} ${days})`,
      };
    }
  }
  return { ok: true, timezone, local };
}
