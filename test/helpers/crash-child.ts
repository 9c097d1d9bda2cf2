/**
 * The process the crash test kills. It runs the real CLI in-process: `ingest` of the events file,
 * then `worker` (events, schedules and the outbox) until it is killed; with `--final`, `worker
 * --once` passes until a pass finds nothing left to do, then it exits.
 *
 * Usage: node --import tsx test/helpers/crash-child.ts <workspace> <events.jsonl> <clock-offset-ms> <worker-name> [--final]
 *
 * The clock runs `clock-offset-ms` ahead of the wall clock: each restart stands for a restart after
 * the killed worker's leases ran out (events and outbox rows it held are free again), without the
 * test having to wait for them. The store comes from REVLOOPS_DATABASE_URL / _SCHEMA, or the
 * workspace's SQLite file. It prints one line per phase (ingest, worker start-up, processing) so a
 * killed run shows where it was.
 */
// The built CLI when the test found dist/ up to date (it starts faster), else the sources.
const cliModule = process.env.CRASH_CLI === 'dist' ? '../../dist/cli/main.js' : '../../src/cli/main.js';
const { runCli } = (await import(cliModule)) as typeof import('../../src/cli/main.js');

const [dir, input, offsetText, name, flag] = process.argv.slice(2);
if (!dir || !input || offsetText === undefined || !name)
  throw new Error('usage: crash-child <workspace> <events.jsonl> <clock-offset-ms> <worker-name> [--final]');
const offset = Number(offsetText);
const final = flag === '--final';
const clock = () => new Date(Date.now() + offset);
const setup = { env: process.env, clock };
const t0 = Date.now();
/** One line of progress, with the milliseconds since start. */
const say = (line: string) => process.stdout.write(`${Date.now() - t0} ${line}\n`);

/**
 * Runs one CLI command; its JSON output, or an exit with its errors. Without `json` (the worker
 * that runs until killed), its start-up line on stderr marks the moment it begins processing.
 */
async function command(argv: string[], json = true): Promise<Record<string, number>> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...argv, '--workspace', dir as string, ...(json ? ['--json'] : [])], setup, {
    out: (t) => out.push(t),
    err: (t) => {
      err.push(t);
      if (t.includes('polling every')) say('phase processing');
    },
    tty: false,
  });
  if (code !== 0) {
    process.stderr.write(`${argv[0]} exited ${code}: ${err.join('\n')}\n${out.join('\n')}\n`);
    process.exit(code);
  }
  return JSON.parse(out.join('\n')) as Record<string, number>;
}

say('phase ingest');
const ingested = await command(['ingest', input, '--type', 'lead.created']);
say(`ingested ${ingested.accepted} new, ${ingested.duplicates} known`);
const worker = ['worker', '--batch-size', '4', '--poll-ms', '20', '--name', name];
if (final) {
  // Until a pass claims no event, fires no tick and delivers nothing.
  for (;;) {
    const pass = await command([...worker, '--once']);
    say(`final pass: ${pass.events} event(s), ${pass.ticks} tick(s), ${pass.delivered} delivered`);
    if (pass.events === 0 && pass.ticks === 0 && pass.delivered === 0 && pass.deliveryFailures === 0) break;
  }
} else {
  say('phase worker');
  await command(worker, false);
}
say('done');
