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

/** How `instant` reads in `timeZone`. Throws RangeError for an unknown zone (check with isTimeZone). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const p = parts(instant.getTime(), timeZone);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: (p.weekday ?? '').slice(0, 3).toLowerCase() as Weekday,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

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
