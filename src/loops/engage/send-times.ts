import { localTime, zonedInstant } from '../../kernel/index.js';

const DAY_MS = 86_400_000;
/** The local calendar date of an instant in a zone. */
const localDate = (instant: Date, timeZone: string): string => localTime(instant, timeZone).date;

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
