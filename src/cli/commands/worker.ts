import type { Command } from 'commander';
import { type FindingReport, governanceTask } from '../../feedback/index.js';
import { RevloopsError } from '../../kernel/index.js';
import { loadWorkspaceRecords, runWorker, type WorkerTotals } from '../../runtime/index.js';
import { deliverOutbox } from '../../surfaces/index.js';
import { ChannelsConfig } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';

type WorkerOptions = CommonOptions & { once?: boolean; pollMs?: string; batchSize?: string; name?: string };

function summary(t: WorkerTotals): string {
  const retry = t.deliveriesFailed > 0 && t.nextDeliveryRetryAt ? ` (next try ${t.nextDeliveryRetryAt})` : '';
  return (
    `${t.events} event(s), ${t.decisions} decision(s), ${t.ticks} tick(s), ${t.failed} to retry, ${t.dead} dead; ` +
    `deliveries: ${t.delivered} delivered, ${t.deliveriesFailed} failed${retry}, ${t.deliveriesDead} dead`
  );
}

/** Where to look at what was given up on. */
function deadHints(t: WorkerTotals): string[] {
  return [
    ...(t.dead > 0 ? ['dead events: revloops events list --status dead'] : []),
    ...(t.deliveriesDead > 0 ? ['dead deliveries: revloops events list --outbox --status dead'] : []),
  ];
}

/** Runs schedules, events and the outbox; stops after the batch in hand on SIGTERM or SIGINT. */
async function work(rt: CliRuntime, opts: WorkerOptions, label: string): Promise<void> {
  const pollMs = opts.pollMs === undefined ? undefined : Number(opts.pollMs);
  if (pollMs !== undefined && (!Number.isInteger(pollMs) || pollMs < 10))
    throw new RevloopsError('USAGE', '--poll-ms expects an integer of at least 10');
  const batchSize = opts.batchSize === undefined ? undefined : Number(opts.batchSize);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
    throw new RevloopsError('USAGE', '--batch-size expects a positive integer');
  const tuning = { ...(batchSize ? { batchSize } : {}), ...(opts.name ? { worker: opts.name } : {}) };
  await withWorkspace(
    opts,
    rt.setup,
    async ({ engine, workspace, store }) => {
      const pollEvery = pollMs ?? workspace.config.runtime.pollMs;
      await loadWorkspaceRecords(workspace, store, (rt.setup.clock ?? (() => new Date()))().toISOString());
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      if (!opts.once && !opts.json)
        rt.io.err(
          `${label}: workspace ${workspace.config.name}, polling every ${pollEvery} ms (Ctrl-C stops after the batch in hand)`,
        );
      try {
        const channels = workspace.config.channels ?? ChannelsConfig.parse({});
        const env = rt.setup.env ?? process.env;
        const feedback: FindingReport[] = [];
        const totals = await runWorker(engine, {
          deliver: (now) => deliverOutbox(engine.store, channels, { now, env }),
          // Review escalation and monitors run where the workspace configures governance.
          ...(workspace.config.governance
            ? { tasks: [governanceTask(engine, (r) => feedback.push(...r.findings))] }
            : {}),
          once: Boolean(opts.once),
          pollMs: pollEvery,
          onConnectionLoss: (err, wait) =>
            rt.io.err(
              `${label}: lost the database connection (${err instanceof Error ? err.message : String(err)}); trying again in ${wait} ms`,
            ),
          signal: controller.signal,
          ...(rt.setup.clock ? { clock: rt.setup.clock } : {}),
        });
        emit(rt, opts, { ...totals, ...(feedback.length > 0 ? { feedback } : {}) }, () =>
          [
            `${label} ${opts.once ? 'processed' : 'stopped after'}: ${summary(totals)}${feedback.length > 0 ? `; feedback: ${feedback.map((f) => `${f.loop}/${f.feedback} ${f.outcome}`).join(', ')}` : ''}`,
            ...deadHints(totals),
          ].join('\n'),
        );
        // Work given up on needs a person, whether it was an event or a delivery.
        if (totals.dead > 0 || totals.deliveriesDead > 0) rt.exit(1);
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
    },
    tuning,
  );
}

/** `revloops worker`. */
export function registerWorker(program: Command, rt: CliRuntime): void {
  common(program.command('worker'))
    .description(
      'run loops for events and schedules and deliver the outbox; many workers may share PostgreSQL',
    )
    .option('--once', 'process what is pending, then exit')
    .option('--poll-ms <ms>', 'pause between polls when idle (default: runtime.pollMs)')
    .option('--batch-size <n>', 'events per micro-batch (default: runtime.batchSize)')
    .option('--name <worker>', 'worker name recorded on the events it claims (default: worker-<pid>)')
    .action((opts: WorkerOptions) => work(rt, opts, 'worker'));
}
