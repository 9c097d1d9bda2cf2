import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttp, startSmtp, stopHttp, stopSmtp } from '../src/surfaces/test-servers.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';
import { keepLoops } from './helpers/workspace-yaml.js';

type Decision = { id: string; subject: string; output: Record<string, unknown> };

const SECRET_ENV = 'GENERATE_E2E_WEBHOOK_SECRET';

/**
 * Acme's generate loop with engage beside it: a touch and intent history are recorded; intent
 * crossing the threshold starts the ABM play once and hands the account to engage, which drafts a
 * sequence; the Tuesday campaign run selects its audience, explains every contact it skips
 * (do not contact, recent touch, live sequence, budget), writes the members and mails them over
 * SMTP; a week later nobody is added twice and the Monday ad audience leaves as a CSV on the
 * webhook. Every decision replays identically.
 */
describe.each(DIALECTS)('the generate loop, end to end on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env: storeVars, drop } = storeEnv(dialect);
  let http: Awaited<ReturnType<typeof startHttp>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const env = { ...storeVars, [SECRET_ENV]: 'whsec_generate_e2e' };
  beforeAll(async () => {
    http = await startHttp();
    smtp = await startSmtp();
    keepLoops(
      ws.dir,
      ['generate', 'engage'],
      [
        'channels:',
        `  webhook: { url: "http://127.0.0.1:${http.port}/marketing", secretEnv: ${SECRET_ENV} }`,
        `  email: { host: 127.0.0.1, port: ${smtp.port}, from: "Acme Marketing <marketing@acme.example>" }`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await stopHttp(http.server).catch(() => undefined);
    await stopSmtp(smtp.server).catch(() => undefined);
    ws.cleanup();
    await drop();
  });
  let now = new Date('2026-11-02T14:00:00.000Z');
  const at = (iso: string) => {
    now = new Date(iso);
  };
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  const decisions = async (loop: string) => (await json('decisions', 'list', '--loop', loop)) as Decision[];
  const last = async (loop: string, kind: string) =>
    (await decisions(loop)).filter((d) => d.output.kind === kind).at(-1);
  const emit = (type: string, payload: object) => json('emit', type, JSON.stringify(payload), '--process');
  const explain = async (id: string) => (await run('explain', id)).out;
  const replayIdentical = async (id: string) => {
    const r = await run('replay', id);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/identical/);
  };

  it('validates with the handoff to engage checked, and keeps touches and intent history as records', async () => {
    const v = await run('validate');
    expect(v.code).toBe(0);
    await json('worker', '--once'); // first sight of the schedules
    expect((await json('import', 'contact', join(ws.dir, 'data/marketing-contacts.csv'))).created).toBe(3);
    expect((await json('import', 'intent', join(ws.dir, 'data/intent-signals.jsonl'))).created).toBe(3);
    await emit('touch.recorded', {
      accountId: 'acc-013',
      contactId: 'ct-004',
      channel: 'webinar',
      campaignId: 'pipeline-webinars',
      occurredAt: '2026-10-28T17:00:00Z',
    });
    const touch = await last('generate', 'touch');
    expect(touch?.output).toMatchObject({
      accountId: 'acc-013',
      channel: 'webinar',
      campaignId: 'pipeline-webinars',
    });
    await replayIdentical(String(touch?.id));
  });

  it('intent below the threshold is recorded; crossing it starts the play once and hands the account to engage', async () => {
    at('2026-11-02T15:00:00.000Z');
    await emit('intent.signal', {
      accountId: 'acc-021',
      topic: 'pipeline management',
      strength: 40,
      occurredAt: '2026-11-02T15:00:00Z',
      source: 'bombora',
    });
    const below = await last('generate', 'intent');
    // 70 from 2026-10-26 decayed over 7.1 days (half-life 14) = 49.2, plus 40 today.
    expect(below?.output).toMatchObject({
      outcome: 'below-threshold',
      score: 89.2,
      play: null,
      handedOff: false,
    });
    expect(await explain(String(below?.id))).toMatch(
      /intent threshold: did not match, intent 89\.2 from 2 signal\(s\)/,
    );
    await emit('intent.signal', {
      accountId: 'acc-021',
      topic: 'office furniture',
      strength: 90,
      occurredAt: '2026-11-02T15:30:00Z',
    });
    expect((await last('generate', 'intent'))?.output).toMatchObject({ outcome: 'recorded', counted: false });

    at('2026-11-03T14:30:00.000Z');
    await emit('intent.signal', {
      accountId: 'acc-021',
      topic: 'Revenue Forecasting',
      strength: 60,
      occurredAt: '2026-11-03T14:30:00Z',
      source: 'bombora',
    });
    const started = await last('generate', 'intent');
    expect(started?.output).toMatchObject({
      outcome: 'started',
      play: 'forecasting',
      score: 145,
      members: ['ct-001', 'ct-003'],
      sends: 2,
      handedOff: true,
    });
    const text = await explain(String(started?.id));
    expect(text).toContain('play enterprise-forecasting: did not match');
    expect(text).toContain('play forecasting: matched');
    expect(text).toMatch(/buying group ct-002: did not match, title "Staff Software Engineer"/);
    expect(text).toMatch(/intent threshold: matched, intent 145 from 3 signal\(s\)/);
    await replayIdentical(String(started?.id));

    const drafted = (await decisions('engage')).at(-1);
    expect(drafted?.output).toMatchObject({ kind: 'drafted', prospect: 'contact:ct-001', ownerId: 'u-ben' });

    at('2026-11-04T12:00:00.000Z');
    await emit('intent.signal', {
      accountId: 'acc-021',
      topic: 'sales analytics',
      strength: 50,
      occurredAt: '2026-11-04T12:00:00Z',
    });
    const again = await last('generate', 'intent');
    expect(again?.output).toMatchObject({
      outcome: 'already-started',
      play: 'forecasting',
      handedOff: false,
    });
    expect(await explain(String(again?.id))).toMatch(
      /play already started: matched, play forecasting started 2026-11-03/,
    );
    expect((await decisions('engage')).length).toBe(1);
    await replayIdentical(String(again?.id));
  });

  it('the Tuesday run selects its audience, explains every skip, writes members and mails them', async () => {
    at('2026-11-03T15:05:00.000Z');
    const worker = await json('worker', '--once');
    expect(worker.ticks).toBeGreaterThanOrEqual(1);
    const tick = await last('generate', 'tick');
    expect(tick?.output.due).toEqual([
      { campaign: 'forecasting-webinar', dueAt: '2026-11-03T15:00:00.000Z' },
    ]);
    const runDecision = await last('generate', 'campaign');
    expect(runDecision?.subject).toBe('campaign:forecasting-webinar');
    expect(runDecision?.output).toMatchObject({
      campaign: 'forecasting-webinar',
      channel: 'email',
      audience: 7,
      members: ['ct-005', 'ct-102'],
      skipped: { 'active-sequence': 1, budget: 1, 'do-not-contact': 1, 'recent-touch': 2 },
      sends: 2,
      budget: { cap: 2, used: 2 },
    });
    const text = await explain(String(runDecision?.id));
    expect(text).toMatch(
      /suppress ct-001: active-sequence: matched, contact ct-001 is in engage sequence seq-contact-ct-001-\d+ \(review\)/,
    );
    expect(text).toMatch(
      /suppress ct-003: recent-touch: matched, contact ct-003 was touched 2026-11-03 \(email, abm-forecasting\)/,
    );
    expect(text).toMatch(
      /suppress ct-004: recent-touch: matched, contact ct-004 was touched 2026-10-28 \(webinar, pipeline-webinars\)/,
    );
    expect(text).toContain(
      'suppress ct-101: do-not-contact: matched, contact ct-101 is marked do not contact (doNotContact = true)',
    );
    expect(text).toContain(
      'suppress ct-103: budget: matched, budget 600 at 250 per member allows 2 member(s); 2 already',
    );
    await replayIdentical(String(tick?.id));
    await replayIdentical(String(runDecision?.id));
    await json('worker', '--once'); // delivers what the campaign run queued
    const to = smtp.mails.flatMap((m) => m.to).sort();
    expect(to).toEqual(
      expect.arrayContaining(['luis.ortega@kestrelrobotics.com', 'june.park@kestrelrobotics.com']),
    );
    expect(to).not.toContain('amy.cho@kestrelrobotics.com');
    expect(to).not.toContain('mara.voss@sableanalytics.com');
    const mail = smtp.mails.find((m) => m.to.includes('june.park@kestrelrobotics.com'));
    const raw = (mail?.raw ?? '').replace(/=\r?\n/g, '').replace(/\r?\n /g, ' ');
    expect(raw).toContain(
      'Subject: [revloops] Forecasting that holds: how Kestrel Robotics could forecast the quarter',
    );
    expect(raw).toContain('Save a seat: https://acme.example.com/webinars/forecasting');
  });

  it('a week later nobody is added twice, and the Monday ad audience leaves as CSV on the webhook', async () => {
    at('2026-11-10T15:05:00.000Z');
    await json('worker', '--once');
    const tick = await last('generate', 'tick');
    expect(((tick?.output.due ?? []) as { campaign: string }[]).map((d) => d.campaign)).toEqual([
      'forecasting-webinar',
      'enterprise-retargeting',
    ]);
    const runs = (await decisions('generate')).filter((d) => d.output.kind === 'campaign').slice(-2);
    const webinar = runs.find((d) => d.output.campaign === 'forecasting-webinar');
    expect(webinar?.output).toMatchObject({
      members: [],
      skipped: {
        'active-sequence': 1,
        'already-member': 2,
        budget: 1,
        'do-not-contact': 1,
        'recent-touch': 2,
      },
      sends: 0,
    });
    expect(await explain(String(webinar?.id))).toContain(
      'suppress ct-005: already-member: matched, contact ct-005 is already a member of forecasting-webinar (sent)',
    );
    const ads = runs.find((d) => d.output.campaign === 'enterprise-retargeting');
    expect(ads?.output).toMatchObject({ channel: 'ad-audience', members: ['ct-006'], sends: 1 });
    await replayIdentical(String(ads?.id));
    await json('worker', '--once');
    const post = http.posts
      .map((p) => JSON.parse(p.body))
      .find((b) => b.payload?.data?.campaign === 'enterprise-retargeting');
    expect(post?.recipient).toBe('linkedin-ads');
    expect(post?.payload.data.format).toBe('csv');
    expect(post?.payload.data.csv).toBe(
      'email,firstName,lastName,title,company,domain\nravi.menon@meridianins.com,Ravi,Menon,VP Sales,Meridian Insurance,meridianins.com\n',
    );
  });
  it('sixty days on, the play is reviewed as converted when its account opened an opportunity; metrics count it all', async () => {
    writeFileSync(
      join(ws.dir, 'new-opportunities.csv'),
      'externalId,name,accountId,amount,stage,closeDate,ownerId,status\nopp-900,Helio Fintech platform,acc-021,36000,Discovery,2027-02-26,u-ben,open\n',
    );
    expect((await json('import', 'opportunity', join(ws.dir, 'new-opportunities.csv'))).created).toBe(1);
    at('2027-01-05T15:05:00.000Z');
    await json('worker', '--once');
    const tick = await last('generate', 'tick');
    expect(tick?.output).toMatchObject({ abmReviewed: 1, abmConverted: 1 });
    const text = await explain(String(tick?.id));
    expect(text).toContain(
      'abm review acc-021 forecasting: matched, converted: new opportunity opp-900 since the play started 2026-11-03',
    );
    await replayIdentical(String(tick?.id));
    const report = await json('metrics', 'generate', '--since', '2026-11-01T00:00:00Z');
    const rows = report.rows as { metric: string; label: string; count: number; max: number | null }[];
    const row = (metric: string, label = '') => rows.find((r) => r.metric === metric && r.label === label);
    expect(row('abm_plays_started', 'forecasting')?.count).toBe(1);
    expect(row('intent_outcomes', 'already-started')?.count).toBe(1);
    expect(row('abm_converted')?.max).toBe(1);
    expect(row('suppressed_do_not_contact')?.max).toBe(1);
    expect(row('members_added')?.max).toBe(2);
  });
});
