import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

interface Ratio {
  metric: string;
  label: string;
  base: string;
  baseCount: number;
  rate: number;
}

const MAP = `columns:
  externalId: Opportunity ID
  name: Opportunity Name
  ownerId: Owner
  accountId: Account
  stage: Stage
  sqoAt: { column: Engage Date, type: date, format: YYYY-MM-DD }
  closeDate: Close Date
  amount: { column: Amount, type: integer }
  outcome: { column: Outcome, map: { Closed Won: won, Closed Lost: lost, Open: open }, strict: true }
required: [stage, closeDate]
`;

// Generous timeouts: a loaded CI machine runs the imports and the as-of pass slowly.
describe.each(DIALECTS)(
  'pursue over a pipeline export, as of a past date, on %s',
  { timeout: 180_000 },
  (dialect) => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-pursue-hist-'));
    const ws = join(dir, 'ws');
    const { env, drop } = storeEnv(dialect);
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await drop();
    });
    const run = (...argv: string[]) => cli(argv, [], () => new Date('2025-01-02T00:00:00Z'), env);

    it('sample-data deals, exported as CSV and imported with a map, give lower win rates at higher risk', async () => {
      mkdirSync(join(ws, 'loops'), { recursive: true });
      writeFileSync(join(ws, 'revloops.yaml'), 'name: history\nloops: [pursue]\n');
      cpSync('examples/acme/loops/pursue.yaml', join(ws, 'loops', 'pursue.yaml'));
      const data = join(dir, 'data');
      const made = await run(
        'sample-data',
        '--leads',
        '0',
        '--deals',
        '800',
        '--accounts',
        '50',
        '--out',
        data,
        '--json',
      );
      expect(JSON.parse(made.out)).toMatchObject({ deals: 800 });
      const deals = readFileSync(join(data, 'opportunities.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, string | number | null>);
      const label = { won: 'Closed Won', lost: 'Closed Lost', open: 'Open' } as const;
      writeFileSync(
        join(dir, 'pipeline.csv'),
        [
          'Opportunity ID,Opportunity Name,Owner,Account,Stage,Engage Date,Close Date,Amount,Outcome',
          ...deals.map((d) =>
            [
              d.externalId,
              d.name,
              d.ownerId,
              d.accountId,
              d.stage,
              String(d.sqoAt).slice(0, 10),
              String(d.closedAt ?? d.closeDate).slice(0, 10),
              d.amount,
              label[d.outcome as keyof typeof label],
            ].join(','),
          ),
        ].join('\n'),
      );
      writeFileSync(join(dir, 'map.yaml'), MAP);
      const W = ['--workspace', ws];
      // As a team would type it: the plural of the kind.
      const imported = await run(
        'import',
        'opportunities',
        join(dir, 'pipeline.csv'),
        '--map',
        join(dir, 'map.yaml'),
        '--json',
        ...W,
      );
      expect(JSON.parse(imported.out)).toMatchObject({ created: 800, rejected: [] });
      expect((await run('import', 'activities', join(data, 'activities.jsonl'), ...W)).code).toBe(0);
      const wrong = await run('import', 'tasks', join(data, 'activities.jsonl'), ...W);
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain('cannot import "tasks"');

      const evaluated = await run('run', 'pursue', '--as-of', '2024-07-01', '--json', ...W);
      expect(evaluated.code).toBe(0);
      expect(JSON.parse(evaluated.out).report.dead).toBe(0);

      const metrics = await run('metrics', 'pursue', '--since', '2020-01-01T00:00:00Z', '--json', ...W);
      const ratios = (JSON.parse(metrics.out).ratios as Ratio[]).filter(
        (r) => r.metric === 'win_by_risk' && r.label.endsWith(':won'),
      );
      const rate = new Map(ratios.map((r) => [r.base, r]));
      console.log(
        `win rate by risk level as of 2024-07-01: ${['low', 'medium', 'high']
          .map(
            (l) =>
              `${l} ${rate.has(l) ? `${Math.round((rate.get(l)?.rate ?? 0) * 100)}% of ${rate.get(l)?.baseCount}` : '-'}`,
          )
          .join(', ')}`,
      );
      const low = rate.get('low');
      const risky = rate.get('high') ?? rate.get('medium');
      expect(low?.baseCount).toBeGreaterThan(20);
      expect(risky?.baseCount).toBeGreaterThan(10);
      expect(risky?.rate ?? 1).toBeLessThan(low?.rate ?? 0);
      const human = (await run('metrics', 'pursue', '--since', '2020-01-01T00:00:00Z', ...W)).out;
      expect(human).toMatch(/win_by_risk low:won\s+closed_risk low/);
    });
  },
);
