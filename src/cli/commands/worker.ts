import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { runWorker, type WorkerTotals } from '../../runtime/index.js';
import { deliverOutbox } from '../../surfaces/index.js';
import { ChannelsConfig } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';

type WorkerOptions = CommonOptions & { once?: boolean; pollMs: string; batchSize: string; name?: string };

function summary(t: WorkerTotals): string {
  return `${t.events} event(s), ${t.decisions} decision(s), ${t.ticks} tick(s), ${t.failed} to retry, ${t.dead} dead, ${t.delivered} delivered`;
}

/** Runs schedules, events and the outbox; stops after the batch in hand on SIGTERM or SIGINT. */
async function work(rt: CliRuntime, opts: WorkerOptions, label: string): Promise<void> {
  const pollMs = Number(opts.pollMs);
  if (!Number.isInteger(pollMs) || pollMs < 10)
    throw new RevloopsError('USAGE', '--poll-ms expects an integer of at least 10');
  const batchSize = Number(opts.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RevloopsError('USAGE', '--batch-size expects a positive integer');
  const tuning = { batchSize, ...(opts.name ? { worker: opts.name } : {}) };
  await withWorkspace(
    opts,
    rt.setup,
    async ({ engine, workspace }) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      if (!opts.once && !opts.json)
        rt.io.err(
          `${label}: workspace ${workspace.config.name}, polling every ${pollMs} ms (Ctrl-C stops after the batch in hand)`,
        );
      try {
        const channels = workspace.config.channels ?? ChannelsConfig.parse({});
        const env = rt.setup.env ?? process.env;
        const totals = await runWorker(engine, {
          deliver: (now) => deliverOutbox(engine.store, channels, { now, env }),
          once: Boolean(opts.once),
          pollMs,
          signal: controller.signal,
          ...(rt.setup.clock ? { clock: rt.setup.clock } : {}),
        });
        emit(
          rt,
          opts,
          totals,
          () => `${label} ${opts.once ? 'processed' : 'stopped after'}: ${summary(totals)}`,
        );
        if (totals.dead > 0) rt.exit(1);
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
    },
    tuning,
  );
}

/** `revloops worker` and `revloops serve`. */
export function registerWorker(program: Command, rt: CliRuntime): void {
  common(program.command('worker'))
    .description(
      'run loops for events and schedules and deliver the outbox; many workers may share PostgreSQL',
    )
    .option('--once', 'process what is pending, then exit')
    .option('--poll-ms <ms>', 'pause between polls when idle', '1000')
    .option('--batch-size <n>', 'events per micro-batch (one transaction each)', '100')
    .option('--name <worker>', 'worker name recorded on the events it claims (default: worker-<pid>)')
    .action((opts: WorkerOptions) => work(rt, opts, 'worker'));
  common(program.command('serve'))
    .description('run everything in one process (worker, scheduler, outbox)')
    .option('--once', 'process what is pending, then exit')
    .option('--poll-ms <ms>', 'pause between polls when idle', '1000')
    .option('--batch-size <n>', 'events per micro-batch (one transaction each)', '100')
    .option('--name <worker>', 'worker name recorded on the events it claims (default: worker-<pid>)')
    .action((opts: WorkerOptions) => work(rt, opts, 'serve'));
}
