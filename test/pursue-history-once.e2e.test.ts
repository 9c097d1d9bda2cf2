import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

interface Row {
  metric: string;
  label: string;
  count: number;
  mean: number | null;
}

interface Ratio {
  metric: string;
  label: string;
  base: string;
  baseCount: number;
  count: number;
  rate: number;
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

// Every deal is open from before the first pass (2025-03-03) to after the last (2025-03-20), so
// each pass sees all of them; some go stale between the passes, so their risk level changes.
const PIPELINE = [
  'Opportunity ID,Owner,Account,Stage,Engage Date,Close Date,Amount,Outcome',
  'opp-w1,u-ben,acc-1,Proposal,2025-02-26,2025-04-10,60000,Closed Won',
  'opp-w2,u-ana,acc-2,Discovery,2025-02-10,2025-04-01,20000,Closed Won',
  'opp-l1,u-ben,acc-3,Negotiation,2025-02-27,2025-05-01,15000,Closed Lost',
  'opp-l2,u-ana,acc-4,Proposal,2025-01-15,2025-03-28,80000,Closed Lost',
  'opp-l3,u-ben,acc-5,Proposal,2025-02-25,2025-04-15,25000,Closed Lost',
  'opp-o1,u-ana,acc-6,Discovery,2025-02-01,2025-09-01,30000,Open',
].join('\n');

/** The metrics of closed deals: what several passes over the same deals must not count again. */
const CLOSED = ['closed_play', 'win_by_play', 'closed_risk', 'win_by_risk', 'stale_backtest'];

describe('pursue counts each closed deal once over several history passes', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-pursue-once-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const now = new Date('2025-06-02T12:00:00.000Z');
  const json = async (ws: string, ...argv: string[]) => {
    const r = await cli([...argv, '--workspace', ws, '--json'], [], () => now);
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  /** A workspace of the pipeline, with every stage's deals enough for the staleness proposer. */
  const workspace = async (name: string): Promise<string> => {
    const ws = join(dir, name);
    mkdirSync(join(ws, 'loops'), { recursive: true });
    writeFileSync(join(ws, 'revloops.yaml'), `name: ${name}\nloops: [pursue]\n`);
    cpSync('examples/acme/loops/pursue.yaml', join(ws, 'loops', 'pursue.yaml'));
    const config = join(ws, 'loops', 'pursue.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('minDeals: 20', 'minDeals: 1'));
    writeFileSync(join(dir, 'pipeline.csv'), PIPELINE);
    writeFileSync(join(dir, 'map.yaml'), MAP);
    const imported = await json(
      ws,
      'import',
      'opportunities',
      join(dir, 'pipeline.csv'),
      '--map',
      join(dir, 'map.yaml'),
    );
    expect(imported).toMatchObject({ created: 6, rejected: [] });
    return ws;
  };
  const pass = async (ws: string, asOf?: string) => {
    const r = await json(ws, 'run', 'pursue', ...(asOf ? ['--as-of', asOf] : []));
    expect(r.report.dead).toBe(0);
  };
  const closedMetrics = async (ws: string) => {
    const m = await json(ws, 'metrics', 'pursue', '--since', '2025-01-01T00:00:00Z');
    return {
      decisions: m.decisions as number,
      rows: (m.rows as Row[])
        .filter((r) => CLOSED.includes(r.metric))
        .map(({ metric, label, count }) => ({ metric, label, count })),
      ratios: (m.ratios as Ratio[]).filter((r) => CLOSED.includes(r.metric)),
    };
  };
  const findings = async (ws: string) =>
    ((await json(ws, 'feedback', 'run', 'pursue', '--window', '150d')).findings as { message: string }[])
      .map((f) => f.message)
      .sort();

  it('backfilled week by week, out of order and again, then run live: the counts of one pass', async () => {
    const one = await workspace('one');
    await pass(one, '2025-03-20');
    const single = await closedMetrics(one);

    const many = await workspace('many');
    // The earliest pass last: the latest assessment before each close counts, not the last run.
    for (const asOf of ['2025-03-20', '2025-03-12', '2025-03-20', '2025-03-03']) await pass(many, asOf);
    await pass(many);
    const several = await closedMetrics(many);

    expect(several.decisions).toBeGreaterThan(3 * single.decisions);
    const plays = single.rows.filter((r) => r.metric === 'closed_play');
    expect(plays).toEqual([
      { metric: 'closed_play', label: 'commercial', count: 3 },
      { metric: 'closed_play', label: 'enterprise', count: 2 },
    ]);
    const rate = (r: { ratios: Ratio[] }, label: string) =>
      r.ratios.find((x) => x.metric === 'win_by_play' && x.label === label);
    expect(rate(single, 'commercial:won')).toMatchObject({ count: 1, baseCount: 3 });
    expect(rate(single, 'enterprise:won')).toMatchObject({ count: 1, baseCount: 2, rate: 0.5 });
    // An earlier pass saw some deals at a lower level: it must not count them again.
    expect(single.rows.filter((r) => r.metric === 'closed_risk')).toEqual([
      { metric: 'closed_risk', label: 'medium', count: 5 },
    ]);

    expect(several.rows).toEqual(single.rows);
    expect(several.ratios).toEqual(single.ratios);
    // The staleness proposer reads the same backtest, so it finds the same over the same deals.
    const found = await findings(one);
    expect(found).toContainEqual(expect.stringMatching(/^Staleness in Proposal .* over 3 closed deals$/));
    expect(await findings(many)).toEqual(found);

    for (const ws of [one, many]) expect((await json(ws, 'replay', '--all')).different).toBe(0);
  });
});
