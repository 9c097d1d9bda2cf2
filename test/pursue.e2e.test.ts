import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-24T15:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY);

interface Row {
  id: string;
  subject: string | null;
  output: Record<string, unknown>;
}

describe.each(DIALECTS)(
  'pursue: play tasks, the daily evaluator, nudges and escalation on %s',
  { timeout: 180_000 },
  (dialect) => {
    const ws = copyWorkspace('examples/acme');
    const { env, drop } = storeEnv(dialect);
    afterAll(async () => {
      ws.cleanup();
      await drop();
    });
    let now = at(0);
    const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now, env);
    const json = async (...argv: string[]) => {
      const r = await run(...argv, '--json');
      expect(r.err).toBe('');
      return JSON.parse(r.out);
    };
    const decisions = async (subject: string, kind: string): Promise<Row[]> =>
      ((await json('decisions', 'list', '--loop', 'pursue', '--limit', '1000')) as Row[])
        .filter((d) => d.subject === subject && d.output.kind === kind)
        .sort((a, b) => (a.id < b.id ? -1 : 1));

    it('an SQO runs the enterprise play: five milestone tasks, staggered, owned by role', async () => {
      writeFileSync(
        join(ws.dir, 'deal.csv'),
        [
          'externalId,name,accountId,ownerId,seId,amount,stage,closeDate,lastActivityAt,contactCount,status',
          `opp-e2e,Northwind platform,acc-001,u-ben,u-eli,80000,Negotiation,${at(5).toISOString().slice(0, 10)},${at(0).toISOString()},1,open`,
        ].join('\n'),
      );
      await json('run'); // loads the team and the pipeline
      expect((await run('import', 'opportunity', join(ws.dir, 'deal.csv'))).code).toBe(0);
      await json(
        'emit',
        'opportunity.sqo',
        '{"opportunityId":"opp-e2e"}',
        '--subject',
        'opportunity:opp-e2e',
        '--process',
      );
      const [play] = await decisions('opportunity:opp-e2e', 'play');
      expect(play?.output.play).toBe('enterprise');
      const tasks = play?.output.tasks as { name: string; assignee: string; dueAt: string }[];
      expect(tasks.map((t) => [t.name, t.assignee, t.dueAt.slice(0, 10)])).toEqual([
        ['technical validation', 'u-eli', '2026-12-01'],
        ['business case', 'u-ben', '2026-12-08'],
        ['security review', 'u-eli', '2026-12-18'],
        ['mutual close plan', 'u-ben', '2026-12-23'],
        ['procurement', 'u-jon', '2027-01-02'],
      ]);
    });

    it('nine days on, the scheduled evaluator flags staleness and the past close date, and nudges once', async () => {
      await json('worker', '--once'); // first sight of the schedules
      now = at(9);
      expect((await json('worker', '--once')).ticks).toBeGreaterThanOrEqual(1);
      const [risk] = await decisions('opportunity:opp-e2e', 'risk');
      expect(risk?.output).toMatchObject({ level: 'high', nudged: ['in-app', 'slack'], escalatedTo: null });
      await json('run', 'pursue'); // again the same day: the risk is unchanged, so no second nudge
      expect(await decisions('opportunity:opp-e2e', 'risk')).toHaveLength(1);
      const explained = (await run('explain', risk?.id ?? '')).out;
      expect(explained).toMatch(
        /factor\s+risk\/stale = 9 +\+0\.35 +\(no activity for 9 days \(limit 7 in Negotiation\)\)/,
      );
      expect(explained).toMatch(
        /factor\s+risk\/closeDate = "2026-11-29" +\+0\.3 +\(close date 2026-11-29 is past/,
      );
      expect(explained).toMatch(
        /factor\s+risk\/missingMilestones = 1 +\+0\.25 +\(overdue: technical validation\)/,
      );
      expect(explained).toMatch(/factor\s+risk\/singleThreaded = 1 +\+0\.15/);
      expect(explained).toContain('notify slack u-ben: Deal opp-e2e (Negotiation) is high risk');
    });

    it('escalates to the manager once the rep has ignored two nudges', async () => {
      now = at(14.5);
      await json('run', 'pursue');
      now = at(21.5);
      await json('run', 'pursue');
      const risks = await decisions('opportunity:opp-e2e', 'risk');
      expect(risks.map((r) => [r.output.followUp, r.output.escalatedTo])).toEqual([
        [null, null],
        ['ignored', null],
        ['ignored', 'u-jon'],
      ]);
      const explained = (await run('explain', risks[2]?.id ?? '')).out;
      expect(explained).toContain('escalated to u-jon after 2 ignored nudge(s)');
    });

    it('an activity after the nudge counts as acted on, and replay reproduces each decision', async () => {
      writeFileSync(
        join(ws.dir, 'touch.csv'),
        `externalId,lastActivityAt\nopp-e2e,${at(22).toISOString()}\n`,
      );
      expect((await run('import', 'opportunity', join(ws.dir, 'touch.csv'))).code).toBe(0);
      now = at(22.5);
      await json('run', 'pursue');
      const risks = await decisions('opportunity:opp-e2e', 'risk');
      expect(risks.at(-1)?.output).toMatchObject({ followUp: 'acted', escalatedTo: null });
      for (const r of risks) expect((await run('replay', r.id)).code).toBe(0);
      const metrics = await json('metrics', 'pursue', '--since', '2026-11-01T00:00:00Z');
      const followups = (metrics.rows as { metric: string; label: string; count: number }[]).filter(
        (m) => m.metric === 'nudge_followup',
      );
      expect(followups).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ label: 'ignored', count: 2 }),
          expect.objectContaining({ label: 'acted', count: 1 }),
        ]),
      );
    });
  },
);
