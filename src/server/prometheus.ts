import { Gauge, Registry } from 'prom-client';
import { decisionCounts, oldestWaitingEvent, openReviewCounts } from '../store/index.js';
import type { ServerContext } from './context.js';

/**
 * Prometheus metrics read from the store at scrape time, so they cover every worker sharing it:
 * decisions per loop and mode, event lag (age of the oldest waiting event), open review items per
 * loop and queue, and the loops' config versions.
 */
export function prometheusRegistry(ctx: ServerContext): Registry {
  const registry = new Registry();
  const db = () => ctx.engine.store.db;
  new Gauge({
    name: 'revloops_decisions',
    help: 'Decisions in the store, per loop and mode.',
    labelNames: ['loop', 'mode'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await decisionCounts(db())) this.set({ loop: r.loop, mode: r.mode }, r.count);
    },
  });
  new Gauge({
    name: 'revloops_event_lag_seconds',
    help: 'Age of the oldest event still waiting to be processed (0 when none waits).',
    registers: [registry],
    async collect() {
      const oldest = await oldestWaitingEvent(db());
      this.set(oldest ? Math.max(0, (ctx.clock().getTime() - Date.parse(oldest)) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'revloops_review_queue_open',
    help: 'Open review items, per loop and queue.',
    labelNames: ['loop', 'queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await openReviewCounts(db())) this.set({ loop: r.loop, queue: r.queue }, r.count);
    },
  });
  new Gauge({
    name: 'revloops_loop_info',
    help: 'The loops this server runs, with their config version (value 1).',
    labelNames: ['loop', 'version', 'enabled'],
    registers: [registry],
    collect() {
      this.reset();
      for (const l of ctx.engine.workspace.loops.values())
        this.set({ loop: l.name, version: l.version.slice(0, 12), enabled: String(l.enabled) }, 1);
    },
  });
  return registry;
}
