import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { writeSampleData } from '../../sample-data/index.js';
import type { CliRuntime } from '../program.js';

type SampleOptions = {
  leads: string;
  deals: string;
  accounts: string;
  reps: string;
  seed: string;
  out: string;
  asOf?: string;
  json?: boolean;
};

function count(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new RevloopsError('USAGE', `--${name} expects an integer of at least ${min}`);
  return n;
}

/** `revloops sample-data`: a realistic, seeded data set (accounts, users, leads, outcomes) for examples, tests and benchmarks. */
export function registerSampleData(program: Command, rt: CliRuntime): void {
  program
    .command('sample-data')
    .description(
      'write a seeded data set: accounts.jsonl, users.jsonl, leads.jsonl (lead.created payloads), outcomes.csv, and with --deals opportunities.jsonl and activities.jsonl',
    )
    .option('--leads <n>', 'how many leads', '1000')
    .option(
      '--deals <n>',
      'how many deals: opportunities.jsonl (stages, close dates, won/lost outcomes) and activities.jsonl',
      '0',
    )
    .option('--accounts <n>', 'how many accounts', '200')
    .option('--reps <n>', 'how many users (reps and managers)', '20')
    .option('--seed <n>', 'the seed: the same seed writes the same bytes', '1')
    .option('--as-of <iso>', 'the instant the data set ends (default 2025-01-01T00:00:00Z)')
    .option('-o, --out <dir>', 'the folder to write into', 'sample-data')
    .option('--json', 'print the counts as JSON')
    .action(async (opts: SampleOptions) => {
      const leads = count('leads', opts.leads, 0);
      const bar =
        rt.io.tty && !opts.json
          ? new SingleBar({ format: 'leads {bar} {value}/{total} ({percentage}%)', stream: process.stderr })
          : undefined;
      bar?.start(leads, 0);
      const counts = await writeSampleData(resolve(opts.out), {
        leads,
        accounts: count('accounts', opts.accounts, 1),
        reps: count('reps', opts.reps, 1),
        deals: count('deals', opts.deals, 0),
        seed: count('seed', opts.seed, 0),
        ...(opts.asOf ? { asOf: opts.asOf } : {}),
        onProgress: (written) => bar?.update(written),
      });
      bar?.stop();
      rt.io.out(
        opts.json
          ? JSON.stringify({ out: opts.out, ...counts }, null, 2)
          : `wrote ${counts.accounts} accounts, ${counts.users} users, ${counts.leads} leads, ${counts.outcomes} outcomes${counts.deals === undefined ? '' : `, ${counts.deals} deals, ${counts.activities} deal activities`} to ${opts.out}`,
      );
    });
}
