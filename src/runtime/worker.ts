import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine, ProcessReport } from './engine.js';
import { fireSchedules } from './scheduler.js';

/** Delivers due outbox rows; returns how many it handled. */
export type OutboxDeliverer = (now: Date) => Promise<{ delivered: number; failed: number; dead: number }>;

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
}

/** What a worker did in total. */
export interface WorkerTotals {
  passes: number;
  ticks: number;
  events: number;
  decisions: number;
  failed: number;
  dead: number;
  delivered: number;
  deliveryFailures: number;
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
  };
  const add = (r: ProcessReport) => {
    totals.events += r.claimed;
    totals.decisions += r.decisions;
    totals.failed += r.failed;
    totals.dead += r.dead;
  };
  while (!options.signal?.aborted) {
    totals.passes++;
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
    const delivery = options.deliver ? await options.deliver(clock()) : { delivered: 0, failed: 0, dead: 0 };
    totals.delivered += delivery.delivered;
    totals.deliveryFailures += delivery.failed + delivery.dead;
    options.onPass?.(totals);
    if (options.once) break;
    try {
      await sleep(options.pollMs ?? 1000, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      break;
    }
  }
  return totals;
}
