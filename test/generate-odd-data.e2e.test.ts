import { writeFileSync } from 'node:fs';
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

interface Explained {
  decision: { output: Record<string, unknown>; reasons: string[]; effects: Record<string, unknown>[] };
}

/**
 * Generate fed what real marketing data and operators do: a history pass run for a past instant,
 * touches exported without a time-zone offset and read on a server in another zone, and intent on
 * one topic crossing the ABM threshold. Every decision says what it did and replays identically.
 */
describe.each(DIALECTS)('generate on odd but plausible data, end to end on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  keepLoops(ws.dir, ['generate']);
  let now = new Date('2026-11-27T14:05:00.000Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  const decisions = async () =>
    (await json('decisions', 'list', '--loop', 'generate', '--limit', '1000')) as Row[];
  const explained = async (id: string) => ((await json('explain', id)) as Explained).decision;
  const replayIdentical = async (id: string) => {
    const r = await run('replay', id, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ checked: 1, identical: 1, different: 0 });
  };

  it('a history pass (run generate --as-of a past instant) records the due campaigns but sends nothing', async () => {
    await json('run'); // loads the accounts and contacts
    await json('worker', '--once'); // first sight of the schedules
    // Tuesday 10:00 in New York: the forecasting webinar's cadence fired half an hour before
    const r = await run('run', 'generate', '--as-of', '2026-11-10T15:30:00Z');
    expect(r.code).toBe(0);
    const all = await decisions();
    expect(all.filter((d) => d.output.kind === 'campaign')).toEqual([]);
    const tick = all.find(
      (d) => d.output.kind === 'tick' && d.output.scheduledFor === '2026-11-10T15:30:00.000Z',
    );
    expect(tick?.output).toMatchObject({
      due: [{ campaign: 'forecasting-webinar', dueAt: '2026-11-10T15:00:00.000Z' }],
      history: true,
    });
    const d = await explained(String(tick?.id));
    expect(d.effects).toEqual([]);
    expect(d.reasons).toContain(
      'history pass as of 2026-11-10T15:30:00.000Z: campaign runs, sends and ABM reviews withheld',
    );
    await replayIdentical(String(tick?.id));
  });

  it('touches written without an offset are read as UTC, whatever the time zone of the server', async () => {
    const file = join(ws.dir, 'data', 'touches-no-offset.csv');
    writeFileSync(
      file,
      [
        'externalId,accountId,contactId,channel,campaignId,occurredAt',
        'z-001,acc-008,,paid-search,search-always-on,2026-02-10T09:00:00Z',
        'z-002,acc-008,,webinar,forecasting-webinar,2026-03-01 22:00',
        '',
      ].join('\n'),
    );
    const zone = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles'; // the server's zone: 22:00 there is 06:00 UTC the next day
    let id = '';
    try {
      expect((await json('import', 'touch', file)).created).toBe(2);
      const won = { opportunityId: 'opp-tz', accountId: 'acc-008', amount: 10000, closedAt: '2026-03-01' };
      await json('emit', 'opportunity.won', JSON.stringify(won), '--process');
      id = String((await decisions()).find((d) => d.subject === 'opportunity:opp-tz')?.id);
      const out = (await explained(id)).output as {
        touches: { id: string; occurredAt: string }[];
        revenue: Record<string, { byCampaign: Record<string, number> }>;
      };
      // the close day counts to its end, so the webinar at 22:00 on it is credited
      expect(out.touches).toEqual([
        expect.objectContaining({ id: 'z-001', occurredAt: '2026-02-10T09:00:00.000Z' }),
        expect.objectContaining({ id: 'z-002', occurredAt: '2026-03-01T22:00:00.000Z' }),
      ]);
      expect(out.revenue['last-touch']?.byCampaign).toEqual({ 'forecasting-webinar': 10000 });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    await replayIdentical(id); // on a server in another zone, the same decision
  });

  it('an ABM play hands engage the topics the account researched, not every configured topic', async () => {
    now = new Date('2026-11-02T14:00:00.000Z');
    const signal = (strength: number, occurredAt: string) =>
      JSON.stringify({
        accountId: 'acc-021',
        topic: 'revenue forecasting',
        strength,
        occurredAt,
        source: 'bombora',
      });
    await json('emit', 'intent.signal', signal(70, '2026-10-26T12:00:00Z'), '--process');
    await json('emit', 'intent.signal', signal(80, '2026-11-01T12:00:00Z'), '--process');
    const started = (await decisions()).find(
      (d) => d.output.kind === 'intent' && d.output.outcome === 'started',
    );
    expect(started?.output).toMatchObject({ accountId: 'acc-021', play: 'forecasting', handedOff: true });
    const d = await explained(String(started?.id));
    const handoff = d.effects.find((e) => e.kind === 'handoff' && e.type === 'account.signal');
    expect(handoff?.payload).toMatchObject({
      title: 'is researching revenue forecasting (intent 125.1 over 30 days)',
    });
    await replayIdentical(String(started?.id));
  });
});
