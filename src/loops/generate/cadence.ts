import { Cron } from 'croner';

/** How far back the first tick of the loop looks for a campaign's cadence (no earlier tick ran). */
export const FIRST_LOOKBACK_MS = 86_400_000;

/** A campaign cadence: a cron expression read in a time zone. */
export interface Cadence {
  cron: string;
  timezone: string;
}

/** The problem with a cadence in words, or undefined when it is valid. */
export function cadenceProblem(cadence: Cadence): string | undefined {
  try {
    new Cron(cadence.cron, { timezone: cadence.timezone, paused: true }).nextRun();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * The cadence occurrence in (after, upTo], the latest one when several fell in it, or null when
 * none did: a campaign is due at a tick when its cron fired since the previous tick.
 */
export function dueAt(cadence: Cadence, after: Date, upTo: Date): Date | null {
  const cron = new Cron(cadence.cron, { timezone: cadence.timezone, paused: true });
  let found: Date | null = null;
  let cursor: Date | null = after;
  for (let i = 0; i < 10_000; i++) {
    cursor = cron.nextRun(cursor);
    if (!cursor || cursor.getTime() > upTo.getTime()) break;
    found = cursor;
  }
  return found;
}

/** The next cadence occurrence after an instant, or null when the cron never fires again. */
export function nextAfter(cadence: Cadence, after: Date): Date | null {
  return new Cron(cadence.cron, { timezone: cadence.timezone, paused: true }).nextRun(after);
}
