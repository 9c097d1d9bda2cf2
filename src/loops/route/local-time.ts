import { type LocalTime, localTime, WEEKDAYS, type Weekday } from '../../kernel/index.js';

export { isTimeZone, type LocalTime, localTime } from '../../kernel/index.js';

/** Minutes since midnight of an HH:mm text. */
function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** A person's working hours, resolved: days, and the window in minutes since local midnight. */
export interface WorkingWindow {
  days: ReadonlySet<Weekday>;
  start: number;
  end: number;
}

/** Monday to Friday: the working days when a user's hours name none. */
const DEFAULT_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Resolves `{start, end, days}` (days as mon, Monday, MON...) into a window. */
export function workingWindow(hours: {
  start: string;
  end: string;
  days?: readonly string[];
}): WorkingWindow {
  const days = (hours.days ?? DEFAULT_DAYS)
    .map((d) => d.trim().slice(0, 3).toLowerCase())
    .filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d));
  return { days: new Set(days), start: clockMinutes(hours.start), end: clockMinutes(hours.end) };
}

/** True when a local moment falls inside the window (an end before the start runs past midnight). */
export function inWindow(w: WorkingWindow, t: LocalTime): boolean {
  if (!w.days.has(t.weekday)) return false;
  return w.start < w.end
    ? t.minutes >= w.start && t.minutes < w.end
    : t.minutes >= w.start || t.minutes < w.end;
}

const MINUTE = 60_000;
/** A walk through working time gives up after this many steps (about a year of boundaries). */
const MAX_STEPS = 2_000;

/**
 * The instant `minutes` of working time after `from`, counting only time inside the window in
 * `timeZone`. Walks from boundary to boundary (window start, window end, midnight), so DST
 * changes are met where they happen. Undefined when the window never opens (no working days).
 */
export function addWorkingMinutes(
  from: Date,
  minutes: number,
  window: WorkingWindow,
  timeZone: string,
): Date | undefined {
  if (window.days.size === 0 || window.start === window.end) return undefined;
  let at = from.getTime();
  let left = minutes;
  for (let step = 0; step < MAX_STEPS; step++) {
    const t = localTime(new Date(at), timeZone);
    const next =
      [window.start, window.end, 1440].filter((b) => b > t.minutes).sort((a, b) => a - b)[0] ?? 1440;
    // Seconds inside the current minute are part of the chunk, so boundaries land on whole minutes.
    const chunk = (next - t.minutes) * MINUTE - (at % MINUTE);
    if (inWindow(window, t)) {
      if (left * MINUTE <= chunk) return new Date(at + left * MINUTE);
      left -= chunk / MINUTE;
    }
    at = landOn(at + chunk, t, next, timeZone);
  }
  return undefined;
}

/**
 * A jump of `next - t.minutes` minutes overshoots the local boundary by an hour when clocks go
 * forward on the way; steps back onto it when the boundary exists (a skipped hour keeps the guess).
 */
function landOn(guess: number, t: LocalTime, next: number, timeZone: string): number {
  const reached = (x: LocalTime) => (x.date === t.date ? x.minutes : x.minutes + 1440);
  const over = reached(localTime(new Date(guess), timeZone)) - next;
  if (over <= 0) return guess;
  const back = guess - over * MINUTE;
  return reached(localTime(new Date(back), timeZone)) === next ? back : guess;
}
