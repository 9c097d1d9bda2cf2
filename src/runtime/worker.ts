import { setTimeout as sleep } from 'node:timers/promises';
import { isConnectionLoss } from '../store/index.js';
import type { Engine, ProcessReport } from './engine.js';
import { fireSchedules } from './scheduler.js';

/** Delivers due outbox rows; returns how many it sent, will retry (and the soonest retry) and gave up on. */
export type OutboxDeliverer = (
  now: Date,
) => Promise<{ delivered: number; failed: number; dead: number; nextRetryAt?: string }>;

/** Options of a worker. */
export interface WorkerOptions {
  /** Process what is pending (schedules, events, outbox), then return. */
  once?: boolean;
  /** Pause between polls when there is nothing to do. */
  pollMs?: number;
  /** Stops the worker after the batch in hand. */
  signal?: AbortSignal;
  deliver?: OutboxDeliverer;
  clock?: () => Date;
  /** Called after every pass, for progress output. */
  onPass?: (pass: WorkerTotals) => void;
  /**
   * Periodic work run once per pass, after events and before the outbox (review escalation,
   * monitors); each decides for itself whether it is due.
   */
  tasks?: readonly ((now: Date) => Promise<unknown>)[];
  /**
   * Called when a pass lost the database connection (a server restart, a network cut), with the
   * pause before the next try. The worker keeps going (a `once` run gives up after 8 tries in a
   * row); any other error ends it.
   */
  onConnectionLoss?: (err: unknown, retryInMs: number) => void;
}

/** The longest pause between tries while the database is unreachable. */
const MAX_RECONNECT_MS = 10_000;

/** What a worker did in total. */
export interface WorkerTotals {
  passes: number;
  ticks: number;
  events: number;
  decisions: number;
  failed: number;
  dead: number;
  /** Outbox deliveries sent. */
  delivered: number;
  /** Failed delivery tries, retried later or dead: deliveriesFailed + deliveriesDead. */
  deliveryFailures: number;
  /** Failed delivery tries that will be retried. */
  deliveriesFailed: number;
  /** Deliveries given up on (revloops events list --outbox --status dead). */
  deliveriesDead: number;
  /** The soonest retry of the deliveries that failed in the last pass with failures; null when none did. */
  nextDeliveryRetryAt: string | null;
}

/**
 * Runs schedules, events and the outbox until stopped (or, with `once`, until nothing is
 * pending). A stop signal lets the batch in hand finish and commit before returning.
 */
export async function runWorker(engine: Engine, options: WorkerOptions = {}): Promise<WorkerTotals> {
  const clock = options.clock ?? (() => new Date());
  const totals: WorkerTotals = {
    passes: 0,
    ticks: 0,
    events: 0,
    decisions: 0,
    failed: 0,
    dead: 0,
    delivered: 0,
    deliveryFailures: 0,
    deliveriesFailed: 0,
    deliveriesDead: 0,
    nextDeliveryRetryAt: null,
  };
  const add = (r: ProcessReport) => {
    totals.events += r.claimed;
    totals.decisions += r.decisions;
    totals.failed += r.failed;
    totals.dead += r.dead;
  };
  let lost = 0;
  while (!options.signal?.aborted) {
    totals.passes++;
    try {
      await pass(engine, options, clock, totals, add);
      lost = 0;
    } catch (err) {
      // A one-shot run gives up after 8 tries in a row (under a minute at the default poll).
      lost++;
      if (!isConnectionLoss(err) || (options.once && lost >= 8)) throw err;
      // Events claimed by the cut-off pass stay claimed until their lease ends, then any worker
      // takes them again; nothing of the pass committed unless its commit did, which the keys dedupe.
      const wait = Math.min(MAX_RECONNECT_MS, (options.pollMs ?? 1000) * 2 ** Math.min(lost - 1, 10));
      options.onConnectionLoss?.(err, wait);
      if (!(await pause(wait, options.signal))) break;
      continue;
    }
    options.onPass?.(totals);
    if (options.once) break;
    if (!(await pause(options.pollMs ?? 1000, options.signal))) break;
  }
  return totals;
}

/** Sleeps; false when the stop signal ended the sleep. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
    return true;
  } catch {
    return false;
  }
}

/** One pass: due schedules, then events until none are left, periodic tasks, then the outbox. */
async function pass(
  engine: Engine,
  options: WorkerOptions,
  clock: () => Date,
  totals: WorkerTotals,
  add: (r: ProcessReport) => void,
): Promise<void> {
  const ticks = await fireSchedules(engine, clock());
  totals.ticks += ticks.reduce((n, t) => n + t.fired.length, 0);
  let batch = await engine.processBatch();
  add(batch);
  while (batch.claimed > 0 && !options.signal?.aborted) {
    // SQLite work resolves as microtasks only; yield to the event loop so signals (and any HTTP
    // server in the same process) are served between batches.
    await new Promise((resolve) => setImmediate(resolve));
    batch = await engine.processBatch();
    add(batch);
  }
  // Stopping mid-stream: the batch claimed ahead goes back to pending for the next worker.
  await engine.release();
  for (const task of options.tasks ?? []) await task(clock());
  const delivery = options.deliver
    ? await options.deliver(clock())
    : { delivered: 0, failed: 0, dead: 0, nextRetryAt: undefined };
  totals.delivered += delivery.delivered;
  totals.deliveryFailures += delivery.failed + delivery.dead;
  totals.deliveriesFailed += delivery.failed;
  totals.deliveriesDead += delivery.dead;
  if (delivery.nextRetryAt) totals.nextDeliveryRetryAt = delivery.nextRetryAt;
}
