import { Cron } from 'croner';
import { type ScheduleConfig, tickEventType } from '../kernel/index.js';
import { getSchedule, insertEvent, insertRun, lockSchedules, saveSchedule } from '../store/index.js';
import { scheduleOf } from '../workspace/index.js';
import type { Engine } from './engine.js';
import { newId } from './ids.js';

/** How late a tick may fire and still count as on time when catchUp is none. */
const ON_TIME_MS = 120_000;
/** The most missed ticks one pass fires with catchUp all. */
const MAX_CATCH_UP = 1000;

/** The ticks in (from, now], keeping only the newest `max`. */
function ticksBetween(cron: Cron, from: Date, now: Date, max: number): Date[] {
  let out: Date[] = [];
  let cursor: Date | null = from;
  for (;;) {
    cursor = cron.nextRun(cursor);
    if (!cursor || cursor.getTime() > now.getTime()) break;
    out.push(cursor);
    if (out.length >= 2 * max) out = out.slice(-max);
  }
  return out.slice(-max);
}

/**
 * The newest ticks due after `after` up to and including `now` (at most `max`), oldest first. A
 * long outage does not make a pass walk every missed tick from `after`: it looks back an hour from
 * `now` and widens the window (by the rate of ticks it found) only until it has `max` ticks or
 * reaches `after`.
 */
export function dueTicks(schedule: ScheduleConfig, after: Date, now: Date, max = MAX_CATCH_UP + 1): Date[] {
  const cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
  let span = 3_600_000;
  for (;;) {
    const from = new Date(Math.max(after.getTime(), now.getTime() - span));
    const ticks = ticksBetween(cron, from, now, max);
    if (ticks.length >= max || from.getTime() === after.getTime()) return ticks;
    span = ticks.length === 0 ? span * 24 : Math.ceil((span * max * 1.2) / ticks.length);
  }
}

/** Which due ticks fire under a catch-up policy. */
export function ticksToFire(due: readonly Date[], policy: ScheduleConfig['catchUp'], now: Date): Date[] {
  const latest = due.at(-1);
  if (!latest) return [];
  if (policy === 'all') return due.slice(-MAX_CATCH_UP);
  if (policy === 'latest') return [latest];
  return now.getTime() - latest.getTime() <= ON_TIME_MS ? [latest] : [];
}

/** What one scheduling pass did, per loop. */
export interface TickReport {
  loop: string;
  due: number;
  fired: string[];
  skipped: number;
}

/**
 * Fires the due ticks of every scheduled loop as `tick.<loop>` events, once across all workers:
 * the pass holds the schedule lock for its transaction and each tick's idempotency key is
 * `tick:<loop>:<instant>`, so two workers can never fire the same tick twice.
 */
export async function fireSchedules(engine: Engine, now: Date): Promise<TickReport[]> {
  const reports: TickReport[] = [];
  for (const loaded of engine.workspace.loops.values()) {
    if (!loaded.enabled) continue;
    const schedule = scheduleOf(loaded);
    if (!schedule) continue;
    const report = await engine.store.transaction(async (trx) => {
      await lockSchedules(trx, engine.store.dialect);
      const state = await getSchedule(trx, loaded.name);
      const iso = now.toISOString();
      if (!state || state.cron !== schedule.cron) {
        // First sight (or a new cron): start counting from now; nothing was missed.
        await saveSchedule(trx, {
          loop: loaded.name,
          cron: schedule.cron,
          last_tick_at: iso,
          updated_at: iso,
        });
        return { loop: loaded.name, due: 0, fired: [], skipped: 0 };
      }
      const due = dueTicks(schedule, new Date(state.last_tick_at), now);
      const fire = ticksToFire(due, schedule.catchUp, now);
      let previous: string | null = state.last_tick_at;
      for (const tick of fire) {
        const scheduledFor = tick.toISOString();
        const event = await insertEvent(trx, {
          id: newId('evt', now),
          type: tickEventType(loaded.name),
          subject: `loop:${loaded.name}`,
          payload: {
            loop: loaded.name,
            scheduledFor,
            previousTick: previous,
            catchUp: now.getTime() - tick.getTime() > ON_TIME_MS,
          },
          source: 'schedule',
          occurredAt: scheduledFor,
          idempotencyKey: `tick:${loaded.name}:${scheduledFor}`,
          parentDecisionId: null,
          rootId: null,
          now: iso,
        });
        if (event.inserted) {
          await insertRun(trx, {
            id: newId('run', now),
            loop: loaded.name,
            kind: 'schedule',
            status: 'fired',
            config_version: loaded.version,
            started_at: iso,
            finished_at: null,
            summary: { scheduledFor, eventId: event.id, catchUp: schedule.catchUp, cron: schedule.cron },
          });
        }
        previous = scheduledFor;
      }
      const last = due.at(-1);
      if (last)
        await saveSchedule(trx, {
          loop: loaded.name,
          cron: schedule.cron,
          last_tick_at: last.toISOString(),
          updated_at: iso,
        });
      return {
        loop: loaded.name,
        due: due.length,
        fired: fire.map((t) => t.toISOString()),
        skipped: due.length - fire.length,
      };
    });
    reports.push(report);
  }
  return reports;
}
