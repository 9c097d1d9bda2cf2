import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LOOPS, apiWorkspace } from '../helpers/api-workspace.js';
import { cli } from '../helpers/cli.js';
import { bounded, CaseCounter, fuzzParams, fuzzRuns } from '../helpers/fuzz-harness.js';

const RUNS = fuzzRuns(40);

/** Commands run for real on a small workspace. */
const COMMANDS: string[][] = [
  ['validate'],
  ['schema'],
  ['run'],
  ['emit'],
  ['ingest'],
  ['import'],
  ['events', 'list'],
  ['events', 'retry'],
  ['token', 'create'],
  ['token', 'list'],
  ['token', 'revoke'],
  ['decisions', 'list'],
  ['decisions', 'chain'],
  ['explain'],
  ['replay'],
  ['config', 'history'],
  ['config', 'diff'],
  ['review', 'list'],
  ['review', 'show'],
  ['review', 'escalate'],
  ['proposals', 'list'],
  ['proposals', 'show'],
  ['metrics'],
  ['plan'],
  ['model', 'compare'],
  ['scenario', 'compare'],
  ['whatif'],
  ['route', 'fairness'],
  ['qualify', 'calibrate'],
  ['expand', 'calibrate'],
  ['init'],
  ['nonsense'],
  [],
];

/** Commands that serve, loop forever or write large outputs: only their parsing is fuzzed. */
const LONG_RUNNING = ['serve', 'start', 'worker', 'mcp', 'demo', 'simulate', 'sample-data', 'feedback'];

const OPTIONS = [
  '--json',
  '--limit',
  '--type',
  '-t',
  '--loop',
  '--status',
  '--since',
  '--key',
  '--role',
  '--user',
  '--process',
  '--map',
  '--source',
  '--subject',
  '--all',
  '--input',
  '--help',
  '--version',
  '--',
  '-',
  '--no-such-option',
  '-x',
];

const VALUES = [
  'gov-signup',
  'capacity-model',
  'signup.created',
  'user',
  'account',
  'rows.csv',
  'rows.jsonl',
  'missing.csv',
  'base',
  'hire',
  'admin',
  'ops',
  'dead',
  '0',
  '-1',
  '1e9',
  'NaN',
  '{"id":"s1","email":"a@b.io","seats":60}',
  '{"id":',
  '[]',
  'null',
  '',
  'dec_01',
  'evt_1',
];

const token = fc.oneof(
  { arbitrary: fc.constantFrom(...OPTIONS), weight: 4 },
  { arbitrary: fc.constantFrom(...VALUES), weight: 4 },
  { arbitrary: fc.string({ maxLength: 12 }).filter((s) => !s.includes('/') && !s.includes('..')), weight: 2 },
);

const argv = fc.oneof(
  {
    arbitrary: fc.record({
      command: fc.constantFrom(...COMMANDS),
      args: fc.array(token, { maxLength: 6 }),
      workspace: fc.constantFrom('given', 'given', 'given', 'none', 'missing'),
    }),
    weight: 9,
  },
  {
    arbitrary: fc.record({
      command: fc.constantFrom(...LONG_RUNNING.map((c) => [c])),
      args: fc.array(fc.constantFrom('--help', '--no-such-option', '--port', 'abc', '-h'), {
        minLength: 1,
        maxLength: 3,
      }),
      workspace: fc.constant('given'),
    }),
    weight: 1,
  },
);

describe('fuzz: CLI arguments', () => {
  const ws = apiWorkspace();
  const cwd = mkdtempSync(join(tmpdir(), 'revloops-fuzz-cli-'));
  const deep = join(cwd, 'a', 'b', 'c', 'cwd');
  const started = process.cwd();
  const clock = () => new Date('2026-11-24T15:00:00.000Z');
  beforeAll(() => {
    // `init <dir>` and relative paths land in a folder of the test's own.
    mkdirSync(deep, { recursive: true });
    process.chdir(deep);
    writeFileSync(join(deep, 'rows.csv'), 'id,email,seats\ns1,a@b.io,3\ns2,,x\n');
    writeFileSync(join(deep, 'rows.jsonl'), '{"id":"s3","email":"c@d.io","seats":9}\n{"id":\n');
  });
  afterAll(() => {
    process.chdir(started);
    rmSync(cwd, { recursive: true, force: true });
    ws.cleanup();
  });

  it(`exits 0, 1 or 2 with a clear message and never a stack trace: ${RUNS} argument vectors`, async () => {
    const counter = new CaseCounter('cli arguments');
    await fc.assert(
      fc.asyncProperty(argv, async (c) => {
        const where =
          c.workspace === 'given'
            ? ['--workspace', ws.dir]
            : c.workspace === 'missing'
              ? ['--workspace', join(deep, 'nope')]
              : [];
        const args = [...c.command, ...c.args];
        // Options go before `--`, so the workspace still applies when the vector has one.
        const dash = args.indexOf('--');
        const full =
          dash === -1 ? [...args, ...where] : [...args.slice(0, dash), ...where, ...args.slice(dash)];
        const r = await bounded(30_000, `revloops ${full.join(' ')}`, () => cli(full, API_LOOPS, clock, {}));
        expect(r.error, String(r.error)).toBeUndefined();
        const { code, out, err } = r.value as Awaited<ReturnType<typeof cli>>;
        const what = `revloops ${JSON.stringify(full)} → ${code}\n${err.slice(0, 600)}`;
        expect([0, 1, 2], what).toContain(code);
        expect(err, what).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
        expect(`${err}\n${out}`, what).not.toMatch(/error \[INTERNAL\]|"code": "INTERNAL"/);
        if (code === 1) expect(`${err}${out}`.trim().length, what).toBeGreaterThan(0);
        counter.count(`exit ${code}`);
      }),
      fuzzParams(RUNS),
    );
    counter.print();
    expect(counter.cases).toBe(RUNS);
  }, 3_600_000);
});
