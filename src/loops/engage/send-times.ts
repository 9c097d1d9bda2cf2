const DAY_MS = 86_400_000;
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
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone. */
export function knownZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a zone, as if it were UTC (for offset arithmetic). */
function wallAsUtc(instant: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
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

/** The local calendar date of an instant in a zone. */
function localDate(instant: Date, timeZone: string): string {
  return new Date(wallAsUtc(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The date `days` after a date. */
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** The date itself, or the next weekday when weekends are skipped. */
function workingDay(date: string, skipWeekends: boolean): string {
  let d = date;
  while (skipWeekends && isWeekend(d)) d = addDays(d, 1);
  return d;
}

/** The date `n` days on, counting working days only when weekends are skipped. */
export function advance(date: string, n: number, skipWeekends: boolean): string {
  let d = date;
  for (let i = 0; i < n; i++) d = workingDay(addDays(d, 1), skipWeekends);
  return d;
}

/** The first day a sequence can start: today if the send time is still ahead, else the next working day. */
export function firstStart(now: Date, hhmm: string, timeZone: string, skipWeekends: boolean): string {
  const today = localDate(now, timeZone);
  const start = zonedInstant(today, hhmm, timeZone) > now ? today : addDays(today, 1);
  return workingDay(start, skipWeekends);
}

/** When each email goes: the start date, then each wait, at the local send time. */
export function sendTimes(
  startOn: string,
  waits: readonly number[],
  hhmm: string,
  timeZone: string,
  skipWeekends: boolean,
): string[] {
  const out: string[] = [];
  let d = startOn;
  waits.forEach((wait, i) => {
    if (i > 0) d = advance(d, wait, skipWeekends);
    out.push(zonedInstant(d, hhmm, timeZone).toISOString());
  });
  return out;
}
