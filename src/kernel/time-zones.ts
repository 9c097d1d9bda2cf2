/** A weekday as working-hours lists name it. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The weekdays, Monday first. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A moment as a person in one time zone sees it. */
export interface LocalTime {
  /** The local calendar date, YYYY-MM-DD. */
  date: string;
  /** The local weekday: mon, tue, wed, thu, fri, sat or sun. */
  weekday: Weekday;
  /** Minutes since local midnight (0-1439). */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(instant: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) out[p.type] = p.value;
  return out;
}

/** How `instant` reads in `timeZone`, straight from the time-zone database. */
function readLocal(instant: number, timeZone: string): LocalTime {
  const p = parts(instant, timeZone);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: (p.weekday ?? '').slice(0, 3).toLowerCase() as Weekday,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

const HOUR = 3_600_000;
/** Hours kept per zone before its offsets are forgotten (a year of hours is about 8,800). */
const HOURS_KEPT = 20_000;
/**
 * Per zone, the UTC offset (ms) of each UTC hour read so far, or NaN for an hour in which it
 * changes. Reading the zone's offset at both ends of the hour costs two lookups once; every other
 * instant of that hour is arithmetic. Zones change offset at most once in an hour, so equal offsets
 * at both ends mean the whole hour has that offset.
 */
const offsets = new Map<string, Map<number, number>>();

function hourOffset(hour: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  let offset = zone.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR;
    const end = start + HOUR - 1000;
    const a = wallAsUtc(start, timeZone) - start;
    offset = a === wallAsUtc(end, timeZone) - end ? a : Number.NaN;
    if (zone.size >= HOURS_KEPT) zone.clear();
    zone.set(hour, offset);
  }
  return offset;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const BY_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** How `instant` reads in `timeZone`. Throws RangeError for an unknown zone (check with isTimeZone). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const t = instant.getTime();
  const offset = hourOffset(Math.floor(t / HOUR), timeZone);
  const wall = new Date(t + offset);
  const year = wall.getUTCFullYear();
  // The hour of an offset change, and years the formatter writes otherwise, are read directly.
  if (Number.isNaN(offset) || year < 1000 || year > 9999) return readLocal(t, timeZone);
  return {
    date: `${year}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`,
    weekday: BY_DAY[wall.getUTCDay()] as Weekday,
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

/** The same reading without the offset cache, for tests that hold the two side by side. */
export const localTimeUncached = (instant: Date, timeZone: string): LocalTime =>
  readLocal(instant.getTime(), timeZone);

/** The wall-clock reading of an instant in a zone, as if it were UTC (for offset arithmetic). */
function wallAsUtc(instant: number, timeZone: string): number {
  const p = parts(instant, timeZone);
  return Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
}

/** The instant a local date and time (YYYY-MM-DD, HH:mm) fall on in a zone, across DST changes. */
export function zonedInstant(date: string, hhmm: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [h, mi] = hhmm.split(':').map(Number);
  const wall = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  let guess = wall - (wallAsUtc(wall, timeZone) - wall);
  guess = wall - (wallAsUtc(guess, timeZone) - guess);
  return new Date(guess);
}
