import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';
import { keepLoops } from './helpers/workspace-yaml.js';

type Decision = { id: string; subject: string; output: Record<string, unknown> };

const CUSTOMER_HEAD =
  'externalId,accountId,ownerId,seatsBought,seatsUsed,renewalDate,nps,openTickets,daysSinceMeeting,daysPastDue';

describe.each(DIALECTS)('the retention chain onboard → expand, end to end on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  // The chain's two loops: the other scheduled loops (generate, coach, pursue...) need not tick here.
  keepLoops(ws.dir, ['onboard', 'expand']);
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
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
  const customers = (row: string) => {
    writeFileSync(join(ws.dir, 'customers.csv'), `${CUSTOMER_HEAD}\n${row}\n`);
    return json('import', 'customer', join(ws.dir, 'customers.csv'));
  };
  const explain = async (id: string) => (await run('explain', id)).out;
  const replayIdentical = async (id: string) => {
    const r = await run('replay', id);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/identical/);
  };

  it('a won deal starts the enterprise plan: one task per milestone, owned by role, due from close', async () => {
    expect((await customers('acc-009,acc-009,u-dev,50,45,2027-11-02,9,1,5,0')).created).toBe(1);
    await json('worker', '--once'); // first sight of the schedules
    await emit('opportunity.won', {
      opportunityId: 'opp-002',
      accountId: 'acc-009',
      ownerId: 'u-ana',
      amount: 62000,
      closedAt: now.toISOString(),
    });
    const plan = await last('onboard', 'plan');
    expect(plan?.output).toMatchObject({ customerId: 'acc-009', plan: 'enterprise' });
    const tasks = plan?.output.tasks as { name: string; assignee: string; dueAt: string }[];
    expect(tasks.map((t) => [t.name, t.assignee, t.dueAt.slice(0, 10)])).toEqual([
      ['kickoff', 'u-dev', '2026-11-07'],
      ['technical setup', 'u-ana', '2026-11-16'],
      ['first integration', 'u-ana', '2026-12-02'],
      ['first value', 'u-dev', '2026-12-17'],
    ]);
    const text = await explain(String(plan?.id));
    expect(text).toContain('plan enterprise: matched');
    await replayIdentical(String(plan?.id));
  });

  it('usage behind the ramp makes the customer at risk, with the signal that moved it; usage catching up puts it back on track', async () => {
    at('2026-11-05T14:00:00.000Z');
    await emit('onboard.milestone-done', { customerId: 'acc-009', milestone: 'kickoff' });
    at('2026-11-12T14:00:00.000Z');
    await emit('onboard.milestone-done', { customerId: 'acc-009', milestone: 'technical setup' });
    at('2026-11-17T14:00:00.000Z');
    await emit('usage.recorded', {
      customerId: 'acc-009',
      metric: 'active-users',
      value: 4,
      period: '2026-11-16',
    });
    expect((await json('worker', '--once')).ticks).toBeGreaterThanOrEqual(1);
    const risk = await last('onboard', 'status');
    expect(risk?.output).toMatchObject({
      status: 'at-risk',
      previous: 'on-track',
      nudged: ['in-app', 'slack'],
      escalatedTo: null,
    });
    expect(await explain(String(risk?.id))).toContain(
      'ramp:active-users active-users 4 vs target 10 by day 14',
    );
    await replayIdentical(String(risk?.id));
    at('2026-11-18T14:00:00.000Z');
    await emit('usage.recorded', {
      customerId: 'acc-009',
      metric: 'active-users',
      value: 12,
      period: '2026-11-17',
    });
    await json('worker', '--once');
    const back = await last('onboard', 'status');
    expect(back?.output).toMatchObject({ status: 'on-track', previous: 'at-risk' });
    expect(await explain(String(back?.id))).toContain('ramp:active-users recovered');
  });

  it('waiting on the customer pauses the clock; a missed milestone is late and escalated', async () => {
    at('2026-11-20T14:00:00.000Z');
    await emit('onboard.waiting', { customerId: 'acc-009', waiting: true, reason: 'security questionnaire' });
    at('2026-12-08T14:00:00.000Z'); // first integration was due 12-02; 18 days of waiting move it to 12-20
    await json('worker', '--once');
    expect((await last('onboard', 'status'))?.output.status).toBe('on-track');
    await emit('onboard.waiting', { customerId: 'acc-009', waiting: false });
    at('2026-12-25T14:00:00.000Z'); // due 12-20 after the pause: 5 days overdue, late after 3
    await json('worker', '--once');
    const late = await last('onboard', 'status');
    expect(late?.output).toMatchObject({ status: 'late', escalatedTo: 'role:cs-manager' });
    expect(await explain(String(late?.id))).toContain('milestone:first integration 5 days overdue');
  });

  it('meeting the exit criteria hands the customer to expand, which scores its health at once', async () => {
    at('2026-12-28T14:00:00.000Z');
    await emit('onboard.milestone-done', { customerId: 'acc-009', milestone: 'first integration' });
    await emit('onboard.milestone-done', { customerId: 'acc-009', milestone: 'first value' });
    await emit('usage.recorded', {
      customerId: 'acc-009',
      metric: 'active-users',
      value: 45,
      period: '2026-12-27',
    });
    await json('worker', '--once');
    const done = await last('onboard', 'status');
    expect(done?.output).toMatchObject({ status: 'onboarded', handedOff: true });
    const scored = await last('expand', 'customer');
    expect(scored?.output).toMatchObject({ customerId: 'acc-009', score: 100, band: 'good', plays: [] });
    const text = await explain(String(scored?.id));
    expect(text).toMatch(/seats/);
    expect(text).toMatch(/usage-trend/);
    await replayIdentical(String(scored?.id));
  });

  it('the renewal play opens at the window; a health drop opens the risk play, within its enrolment limit', async () => {
    at('2027-08-05T14:00:00.000Z'); // 89 days before the renewal
    await json('worker', '--once');
    const renewal = await last('expand', 'customer');
    const plays = ((renewal?.output.plays ?? []) as { play: string; owner: string }[]).map((p) => [
      p.play,
      p.owner,
    ]);
    expect(plays).toContainEqual(['renewal', 'u-dev']);
    await replayIdentical(String(renewal?.id));
    await customers('acc-009,acc-009,u-dev,50,20,2027-11-02,3,8,70,0');
    at('2027-08-06T14:00:00.000Z');
    await json('worker', '--once');
    const risk = await last('expand', 'customer');
    expect(risk?.output).toMatchObject({ band: 'poor', previousBand: 'good' });
    expect(((risk?.output.plays ?? []) as { play: string }[]).map((p) => p.play)).toEqual([
      'risk-intervention',
    ]);
    expect(await explain(String(risk?.id))).toMatch(/health 40\.5 \(poor, was good; trend down/);
    await replayIdentical(String(risk?.id));
    at('2027-08-07T14:00:00.000Z');
    await json('worker', '--once');
    const scoring = await last('expand', 'scoring');
    expect(scoring?.output).toMatchObject({ scored: 1, playsOpened: 0 });
  });
});
