import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';
import { keepLoops } from './helpers/workspace-yaml.js';

interface Row {
  id: string;
  subject: string | null;
  output: Record<string, unknown>;
}

type Summary = { total: number; byCampaign: Record<string, number>; byChannel: Record<string, number> };
type Compared = { path: string; a: unknown; b: unknown; delta: number | null };

const cents = (amounts: Record<string, number>) =>
  Object.values(amounts).reduce((s, v) => s + Math.round(v * 100), 0);

describe.each(DIALECTS)(
  'generate: attribution and channel mix, end to end on %s',
  { timeout: 180_000 },
  (dialect) => {
    const ws = copyWorkspace('examples/acme');
    const { env, drop } = storeEnv(dialect);
    afterAll(async () => {
      ws.cleanup();
      await drop();
    });
    // pursue hands won deals on as opportunity.won; onboard and generate both consume it
    keepLoops(ws.dir, ['pursue', 'onboard', 'generate']);
    let now = new Date('2026-11-24T15:00:00.000Z');
    const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now, env);
    const json = async (...argv: string[]) => {
      const r = await run(...argv, '--json');
      expect(r.err).toBe('');
      return JSON.parse(r.out);
    };
    const attribution = async (opportunityId: string) =>
      ((await json('decisions', 'list', '--loop', 'generate', '--limit', '1000')) as Row[]).find(
        (d) => d.subject === `opportunity:${opportunityId}` && d.output.kind === 'attribution',
      );
    const replayIdentical = async (id: string) => {
      const r = await run('replay', id, '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ checked: 1, identical: 1, different: 0 });
    };

    it('a won deal is credited to the touches on its account before the close, exactly, by every model', async () => {
      await json('run'); // loads the team, the accounts and the pipeline
      const imported = await json('import', 'touch', join(ws.dir, 'data', 'touches.csv'));
      expect(imported.read).toBe(29); // created, or already loaded when revloops.yaml lists the file
      await json('emit', 'opportunity.won', JSON.stringify({ opportunityId: 'opp-101' }), '--process');
      const d = await attribution('opp-101');
      expect(d).toBeDefined();
      const out = d?.output as {
        touches: { id: string }[];
        revenue: Record<string, Summary>;
        amount: number;
      };
      expect(out.amount).toBe(52000);
      expect(out.touches.map((t) => t.id)).toEqual(['t-001', 't-002', 't-003', 't-004', 't-005']);
      for (const model of ['first-touch', 'last-touch', 'linear', 'position-based']) {
        const s = out.revenue[model] as Summary;
        expect(cents(s.byCampaign), model).toBe(5_200_000);
        expect(cents(s.byChannel), model).toBe(5_200_000);
      }
      expect(out.revenue['first-touch']?.byCampaign).toEqual({ 'search-always-on': 52000 });
      expect(out.revenue['last-touch']?.byCampaign).toEqual({ 'field-events': 52000 });
      expect(out.revenue['position-based']?.byCampaign).toEqual({
        'field-events': 20800,
        'forecasting-guide': 3466.67,
        'nurture-newsletter': 3466.66,
        'forecasting-webinar': 3466.67,
        'search-always-on': 20800,
      });
      expect(out.revenue.linear?.byChannel).toEqual({
        content: 10400,
        email: 10400,
        event: 10400,
        'paid-search': 10400,
        webinar: 10400,
      });
    });

    it('explain shows the touches behind each credited amount and the write-back; replay is identical', async () => {
      const d = await attribution('opp-101');
      const text = (await run('explain', String(d?.id))).out;
      expect(text).toContain('revenue/position-based/touch t-001');
      expect(text).toContain(
        'revenue/position-based/touch t-005 = "event field-events"  +20800  (position-based: 40% of revenue, touch 5 of 5 on 2025-10-16, contact ct-007)',
      );
      expect(text).toMatch(
        /step {4}credited revenue position-based campaign forecasting-webinar {2}\{"amount":3466\.67,"touches":\["t-003"\]\}/,
      );
      expect(text).toMatch(/patch opportunity opp-101: .*attribution/);
      await replayIdentical(String(d?.id));
    });

    it('touches after the close do not count; a won deal with no touches gets no credit, with the reason', async () => {
      await json('emit', 'opportunity.won', JSON.stringify({ opportunityId: 'opp-103' }), '--process');
      const late = await attribution('opp-103');
      const out = late?.output as { touches: { id: string }[]; revenue: Record<string, Summary> };
      expect(out.touches.map((t) => t.id)).toEqual(['t-009', 't-010', 't-011']); // t-012 came after the close
      expect(cents(out.revenue['position-based']?.byCampaign ?? {})).toBe(3_800_000);
      await json(
        'emit',
        'opportunity.won',
        JSON.stringify({ opportunityId: 'opp-108', accountId: 'acc-008', amount: 8000 }),
        '--process',
      );
      const none = await attribution('opp-108');
      expect(none?.output).toMatchObject({ touches: [], revenue: {} });
      expect((await run('explain', String(none?.id))).out).toContain(
        'reasons\n  - no touches on account acc-008 count in the 365 days before the close on 2026-04-10',
      );
      await replayIdentical(String(none?.id));
    });

    it('a won deal sent again is attributed again but credited once in the metrics', async () => {
      type MetricRow = { metric: string; label: string; count: number; mean: number };
      const revenue = async () =>
        ((await json('metrics', 'generate')).rows as MetricRow[]).filter(
          (r) => r.metric === 'revenue_attributed',
        );
      // opp-101 (52,000) and opp-103 (38,000) are credited; opp-108 had no touches.
      expect(await revenue()).toMatchObject([{ count: 2, mean: 45000 }]);
      // The CRM sends the close pursue already handed on, with more fields: a new event, a new decision.
      await json(
        'emit',
        'opportunity.won',
        JSON.stringify({ opportunityId: 'opp-101', accountId: 'acc-001', amount: 52000 }),
        '--process',
      );
      const decisions = (await json('decisions', 'list', '--loop', 'generate', '--limit', '1000')) as Row[];
      expect(
        decisions.filter((d) => d.subject === 'opportunity:opp-101' && d.output.kind === 'attribution'),
      ).toHaveLength(2);
      expect(await revenue()).toMatchObject([{ count: 2, mean: 45000 }]);
    });

    it('model run shows expected pipeline per scenario and model compare puts two side by side', async () => {
      const a = await json('model', 'run', 'generate', '--scenario', 'fy27');
      const b = await json('model', 'run', 'generate', '--scenario', 'fy27-emea-expansion');
      expect(a.artifact).toMatchObject({ kind: 'mix', scenario: 'fy27', total: { budget: 1_002_000 } });
      expect(a.artifact.total.expectedPipeline).toBeGreaterThan(0);
      expect(b.artifact.unfitted).toEqual([expect.objectContaining({ channel: 'partner', budget: 60_000 })]);
      const explained = (await run('explain', a.decisionId)).out;
      expect(explained).toMatch(/rule {4}fit event: matched, saturating curve on 24 period\(s\): R² 0\.9/);
      expect(explained).toMatch(/factor {2}expected-pipeline\/event = 360000/);
      await replayIdentical(a.decisionId);
      const cmp = (await json('model', 'compare', 'generate', 'fy27', 'fy27-emea-expansion'))
        .rows as Compared[];
      const row = (path: string) => cmp.find((r) => r.path === path);
      const total = row('total.expectedPipeline');
      expect(total?.a).toBe(a.artifact.total.expectedPipeline);
      expect(total?.b).toBe(b.artifact.total.expectedPipeline);
      expect(total?.delta).toBeGreaterThan(0);
      expect(row('channels.event.expectedPipeline')?.delta).toBeGreaterThan(0);
      expect(row('channels.email.expectedPipeline')?.delta).toBe(0);
      const table = (await run('model', 'compare', 'generate', 'fy27', 'fy27-emea-expansion')).out;
      expect(table).toMatch(/total\.expectedPipeline\s+\d+\s+\d+\s+\+\d+/);
    });

    it('a deal pursue sees close is handed on as opportunity.won: onboard plans it and generate attributes it', async () => {
      await json('worker', '--once'); // first sight of the schedules
      now = new Date('2026-11-25T12:00:00.000Z');
      await json('worker', '--once'); // pursue's evaluator assesses the open deals
      const file = join(ws.dir, 'data', 'opportunities.csv');
      const open = 'opp-002,Kestrel Robotics platform,acc-009,62000,Discovery,2027-01-30,u-ana,open';
      expect(readFileSync(file, 'utf8')).toContain(open);
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          open,
          'opp-002,Kestrel Robotics platform,acc-009,62000,Closed Won,2026-11-25,u-ana,won',
        ),
      );
      now = new Date('2026-11-26T12:00:00.000Z');
      await json('worker', '--once'); // the CRM says won: pursue hands the deal on
      const d = await attribution('opp-002');
      const out = d?.output as { touches: { id: string }[]; revenue: Record<string, Summary> };
      expect(out.touches.map((t) => t.id)).toEqual(['t-024', 't-025', 't-026', 't-027']);
      expect(out.revenue['position-based']?.byChannel).toEqual({
        content: 6200,
        event: 24800,
        'paid-search': 24800,
        webinar: 6200,
      });
      const onboarded = ((await json('decisions', 'list', '--loop', 'onboard')) as Row[]).filter(
        (o) => o.subject === 'customer:acc-009',
      );
      expect(onboarded).toHaveLength(1);
      const text = (await run('explain', String(d?.id))).out;
      expect(text).toContain('opportunity.won');
      expect(text).toMatch(
        /chain\n.*pursue {7}loop:pursue\n.*pursue {7}opportunity:opp-002\n {2}> .*generate {5}opportunity:opp-002/,
      );
      await replayIdentical(String(d?.id));
    });
  },
);
