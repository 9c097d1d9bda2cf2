import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { cli } from './helpers/cli.js';

interface Row {
  id: string;
  subject: string | null;
  output: Record<string, unknown>;
}

interface Ratio {
  metric: string;
  label: string;
  base: string;
  baseCount: number;
  count: number;
}

const MAP = `columns:
  externalId: Opportunity ID
  name: Opportunity ID
  ownerId: Owner
  accountId: Account
  stage: Stage
  sqoAt: { column: Engage Date, type: date, format: YYYY-MM-DD }
  closeDate: Close Date
  amount: { column: Amount, type: integer }
  outcome: { column: Outcome, map: { Closed Won: won, Closed Lost: lost, Open: open }, strict: true }
required: [stage, closeDate]
`;

// Open on 2025-03-15 with its close date already past: high risk then, and still open today.
const PIPELINE = [
  'Opportunity ID,Owner,Account,Stage,Engage Date,Close Date,Amount,Outcome',
  'opp-late,u-ben,acc-1,Negotiation,2025-01-10,2025-03-01,40000,Open',
  'opp-won,u-ben,acc-2,Proposal,2025-01-05,2025-04-10,30000,Closed Won',
  'opp-lost,u-ana,acc-3,Proposal,2025-02-01,2025-03-10,20000,Closed Lost',
  'opp-lost2,u-ana,acc-4,Negotiation,2025-01-20,2025-03-05,25000,Closed Lost',
  'opp-later,u-ana,acc-5,Discovery,2025-02-20,2025-09-01,15000,Open',
].join('\n');

describe('pursue as of a past date is a history pass', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-pursue-pass-'));
  const ws = join(dir, 'ws');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const now = new Date('2025-06-02T12:00:00.000Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws], [], () => now);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  const risks = async (): Promise<Row[]> =>
    ((await json('decisions', 'list', '--loop', 'pursue', '--limit', '1000')) as Row[])
      .filter((d) => d.output.kind === 'risk')
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  /** What a pass left behind: notifications and escalations queued, tasks, and the deals' fields. */
  const live = async () => {
    const store = await openStore({ kind: 'sqlite', path: join(ws, '.revloops', 'revloops.db') });
    try {
      const outbox = await store.db.selectFrom('outbox').select(['channel', 'recipient']).execute();
      const tasks = await store.db.selectFrom('rec_task').select('id').execute();
      const deals = await store.db
        .selectFrom('rec_opportunity')
        .select(['id', 'data'])
        .orderBy('id')
        .execute();
      return { outbox, tasks: tasks.length, deals };
    } finally {
      await store.close();
    }
  };

  it('decides and records, but nudges no one, escalates nothing and leaves the deals alone', async () => {
    mkdirSync(join(ws, 'loops'), { recursive: true });
    writeFileSync(join(ws, 'revloops.yaml'), 'name: history\nloops: [pursue]\n');
    cpSync('examples/acme/loops/pursue.yaml', join(ws, 'loops', 'pursue.yaml'));
    writeFileSync(join(dir, 'pipeline.csv'), PIPELINE);
    writeFileSync(join(dir, 'map.yaml'), MAP);
    const imported = await json(
      'import',
      'opportunities',
      join(dir, 'pipeline.csv'),
      '--map',
      join(dir, 'map.yaml'),
    );
    expect(imported).toMatchObject({ created: 5, rejected: [] });
    const before = await live();

    for (const asOf of ['2025-03-03', '2025-03-15', '2025-03-20']) {
      const r = await json('run', 'pursue', '--as-of', asOf);
      expect(r.report.dead).toBe(0);
    }
    const found = await risks();
    const late = found.filter((d) => d.subject === 'opportunity:opp-late');
    expect(late).toHaveLength(3);
    for (const d of late)
      expect(d.output).toMatchObject({
        level: 'high',
        nudged: [],
        escalatedTo: null,
        followUp: null,
        history: true,
      });
    expect(found.every((d) => d.output.history === true && d.output.escalatedTo === null)).toBe(true);

    const after = await live();
    expect(after.outbox).toEqual([]);
    expect(after.tasks).toBe(0);
    expect(after.deals).toEqual(before.deals);

    const text = (await run('explain', String(late[0]?.id))).out;
    expect(text).toContain('history pass as of 2025-03-03');
    expect(text).toContain('nudge to u-ben withheld');
    const evaluations = (
      (await json('decisions', 'list', '--loop', 'pursue', '--limit', '1000')) as Row[]
    ).filter((d) => d.output.kind === 'evaluation');
    expect(evaluations).toHaveLength(3);
    expect(evaluations.every((d) => d.output.history === true)).toBe(true);
    expect((await run('explain', String(evaluations[0]?.id))).out).toMatch(
      /nudges, escalations and field writes withheld/,
    );

    const replayed = await json('replay', '--all');
    expect(replayed).toMatchObject({ different: 0 });
    expect(replayed.identical).toBe(replayed.checked);
  });

  it('metrics show win rate by risk level from the history passes', async () => {
    const metrics = await json('metrics', 'pursue', '--since', '2025-01-01T00:00:00Z');
    const ratios = (metrics.ratios as Ratio[]).filter((r) => r.metric === 'win_by_risk');
    expect(ratios.length).toBeGreaterThan(0);
    expect(ratios.every((r) => r.baseCount > 0)).toBe(true);
  });

  it('a pass as of today is live: the late deal is nudged and its fields written', async () => {
    const r = await json('run', 'pursue');
    expect(r.report.dead).toBe(0);
    const nudge = (await risks()).filter((d) => d.subject === 'opportunity:opp-late').at(-1);
    expect(nudge?.output).toMatchObject({ level: 'high', nudged: ['in-app', 'slack'] });
    expect(nudge?.output.history).toBeUndefined();
    const after = await live();
    expect(
      after.outbox
        .filter((o) => o.recipient === 'u-ben')
        .map((o) => o.channel)
        .sort(),
    ).toEqual(['in-app', 'slack']);
    const late = after.deals.find((d) => JSON.parse(d.data).externalId === 'opp-late' || d.id === 'opp-late');
    expect(JSON.parse(String(late?.data))).toMatchObject({ pursueRiskLevel: 'high', pursueNudges: 1 });
    expect((await json('replay', '--all')).different).toBe(0);
  });
});
