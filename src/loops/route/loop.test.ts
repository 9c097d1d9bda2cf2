import { afterEach, describe, expect, it } from 'vitest';
import { nyUser, type RouteHarness, routeHarness } from '../../../test/helpers/route-harness.js';
import { createAgentGateway } from '../../agents/index.js';
import { type JsonObject, RevloopsError, type TraceEntry } from '../../kernel/index.js';
import { listOutbox, listReviewItems } from '../../store/index.js';
import { testConfig } from './test-config.js';

const heuristic = createAgentGateway({ provider: 'heuristic' }, { env: {} });
const worked: JsonObject = {
  leadId: 'lead-001',
  email: 'dana.whitfield@northwindanalytics.com',
  name: 'Dana Whitfield',
  title: 'VP of Sales',
  company: 'Northwind Analytics',
  domain: 'northwindanalytics.com',
  country: 'US',
  region: 'NA',
  employees: 450,
  grade: 'A',
  score: 91,
  topReasons: ['Company size: 450 employees (+16)'],
};
const lead = (id: string, extra: JsonObject = {}): JsonObject => ({
  ...worked,
  leadId: id,
  email: `${id}@example.com`,
  domain: `${id}.example.com`,
  ...extra,
});

let h: RouteHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harness(config = testConfig(), agents = heuristic): Promise<RouteHarness> {
  h = await routeHarness(config, { agents });
  for (const [id, name] of [
    ['u-ana', 'Ana Ortiz'],
    ['u-ben', 'Ben Carter'],
    ['u-cara', 'Cara Lindqvist'],
    ['u-dev', 'Dev Patel'],
    ['u-gus', 'Gus Brandt'],
    ['u-hana', 'Hana Novak'],
    ['u-jon', 'Jon Reyes'],
  ] as const)
    await h.seed('user', id, nyUser(name));
  return h;
}

async function openOpps(t: RouteHarness, counts: Record<string, number>): Promise<void> {
  for (const [owner, n] of Object.entries(counts))
    for (let i = 0; i < n; i++)
      await t.seed('opportunity', `opp-${owner}-${i}`, { name: `Deal ${i}`, ownerId: owner, status: 'open' });
  await t.seed('opportunity', 'opp-closed', { name: 'Won deal', ownerId: 'u-dev', status: 'won' });
}

const steps = (trace: readonly TraceEntry[], name: string) =>
  trace.flatMap((t) => (t.kind === 'step' && t.name === name ? [t.detail ?? {}] : []));

describe('route on a real store: the worked example', () => {
  it('skips rule 1, matches rule 2, and the NA commercial pool picks the rep with the fewest open opportunities', async () => {
    const t = await harness();
    await openOpps(t, { 'u-ana': 4, 'u-ben': 2, 'u-cara': 1, 'u-dev': 3 });
    const report = await t.qualified(worked);
    expect(report.decisions).toBe(1);
    const [d] = await t.decisions();
    expect(d?.output).toEqual({
      kind: 'routed',
      leadId: 'lead-001',
      outcome: 'assigned',
      rule: 'na-commercial-a',
      via: 'pool',
      assignee: 'u-cara',
      pool: 'na-commercial',
      queue: null,
      slaDueAt: '2026-11-24T15:30:00.000Z',
    });
    const rules = d?.trace
      .filter((e) => e.kind === 'rule')
      .map((e) => e.kind === 'rule' && [e.rule, e.matched]);
    expect(rules).toEqual([
      ['1. existing-customer', false],
      ['2. na-commercial-a', true],
    ]);
    expect(steps(d?.trace ?? [], 'account-match')[0]).toMatchObject({
      status: 'none',
      reason: 'no account has domain northwindanalytics.com',
    });
    expect(steps(d?.trace ?? [], 'pool-pick')[0]).toMatchObject({
      chosen: 'u-cara',
      reason: 'fewest open opportunities: 1 (others: u-ana 4, u-ben 2, u-dev 3)',
    });
    const stored = await t.record('lead', 'lead-001');
    expect(stored).toMatchObject({
      ownerId: 'u-cara',
      routedBy: 'na-commercial-a',
      routedPool: 'na-commercial',
      routeStatus: 'assigned',
      routeSlaStatus: 'pending',
      segment: 'commercial',
    });
    expect(await t.record('task', String(stored?.routeTaskId))).toMatchObject({
      assignee: 'u-cara',
      status: 'open',
      title: 'New lead: Dana Whitfield (Northwind Analytics)',
    });
    expect(await t.record('pool', 'route.na-commercial')).toMatchObject({ lastAssigned: 'u-cara', turns: 1 });
    const handoff = d?.effects.find((e) => e.kind === 'handoff');
    expect(handoff).toMatchObject({
      type: 'lead.routed',
      payload: {
        leadId: 'lead-001',
        ownerId: 'u-cara',
        ownerName: 'Cara Lindqvist',
        rule: 'na-commercial-a',
        pool: 'na-commercial',
        grade: 'A',
      },
    });
    // Re-qualifying the lead does not move it.
    await t.qualified({ ...worked, score: 93 });
    expect((await t.decisions())[1]?.output).toMatchObject({ outcome: 'kept', assignee: 'u-cara' });
    expect((await t.replay()).different).toBe(0);
  });
});

describe('actions', () => {
  it('account owner: a lead from an existing account goes to its owner; an owner who is away passes to the next rule', async () => {
    const t = await harness();
    await t.seed('account', 'acc-1', {
      name: 'Northwind Analytics',
      domain: 'northwindanalytics.com',
      ownerId: 'u-gus',
    });
    await t.qualified({ ...worked, domain: 'eu.northwindanalytics.com' });
    expect((await t.decisions())[0]?.output).toMatchObject({
      outcome: 'assigned',
      rule: 'existing-customer',
      via: 'account-owner',
      assignee: 'u-gus',
    });
    expect(await t.record('lead', 'lead-001')).toMatchObject({ accountId: 'acc-1', ownerId: 'u-gus' });
    // The reason names the account's own domain, and that the match came through the lead's registrable domain.
    expect(steps((await t.decisions())[0]?.trace ?? [], 'account-match')[0]).toMatchObject({
      status: 'matched',
      reason:
        'account acc-1 has domain northwindanalytics.com, the registrable domain of eu.northwindanalytics.com',
    });
    await t.seed(
      'user',
      'u-gus',
      nyUser('Gus Brandt', { outOfOffice: [{ from: '2026-11-20', to: '2026-11-30' }] }),
    );
    await t.qualified(lead('lead-002', { domain: 'northwindanalytics.com' }));
    const d = (await t.decisions())[1];
    expect(d?.output).toMatchObject({ rule: 'na-commercial-a', via: 'pool' });
    expect(steps(d?.trace ?? [], 'account-match')[0]).toMatchObject({
      reason: 'account acc-1 has domain northwindanalytics.com',
    });
    expect(steps(d?.trace ?? [], 'declined')[0]).toEqual({
      rule: 'existing-customer',
      reason: 'u-gus is not available (out of office 2026-11-20 to 2026-11-30)',
    });
  });

  it('ambiguous account match: the agent picks by name when one fits clearly, and sends a tie to triage', async () => {
    const t = await harness();
    await t.seed('account', 'acc-a', {
      name: 'Northwind Analytics',
      domain: 'northwindanalytics.com',
      ownerId: 'u-gus',
    });
    await t.seed('account', 'acc-b', {
      name: 'Contoso Freight',
      domain: 'northwindanalytics.com',
      ownerId: 'u-hana',
    });
    await t.qualified(worked);
    const first = (await t.decisions())[0];
    expect(first?.output).toMatchObject({ via: 'account-owner', assignee: 'u-gus' });
    expect(first?.trace.find((e) => e.kind === 'agent')).toMatchObject({
      task: 'route.match-account',
      provider: 'heuristic',
      route: 'fire',
    });
    await t.seed('account', 'acc-c', {
      name: 'Northwind Analytics',
      domain: 'northwindanalytics.com',
      ownerId: 'u-hana',
    });
    await t.qualified(lead('lead-tie', { domain: 'northwindanalytics.com' }));
    const tie = (await t.decisions())[1];
    expect(tie?.output).toMatchObject({ outcome: 'triage', via: 'account-owner', queue: 'triage' });
    const [item] = await listReviewItems(t.store.db, { queue: 'triage' });
    expect(item?.subject).toBe('lead:lead-tie');
    expect((await t.replay()).different).toBe(0);
  });

  it('user, territory (walking up to a parent owner), queue, and the otherwise action', async () => {
    const config = testConfig({
      rules: [
        {
          name: 'vip',
          when: { field: 'title', op: 'starts_with', value: 'CEO' },
          action: { type: 'user', user: 'u-jon' },
        },
        { name: 'territory', when: { field: 'territoryId', op: 'exists' }, action: { type: 'territory' } },
        {
          name: 'nurture',
          when: { field: 'grade', op: 'eq', value: 'C' },
          action: { type: 'queue', queue: 'nurture' },
        },
      ],
    });
    const t = await harness(config);
    await t.seed('territory', 'na', { name: 'North America', ownerId: 'u-ben' });
    await t.seed('territory', 'na-east', { name: 'NA East', parentId: 'na' });
    await t.qualified(
      lead('l-ceo', { title: 'CEO & Founder' }),
      lead('l-terr', { territoryId: 'na-east' }),
      lead('l-c', { grade: 'C' }),
      lead('l-x', { grade: 'B' }),
    );
    const out = (await t.decisions()).map((d) => d.output as JsonObject);
    expect(out.map((o) => [o.leadId, o.outcome, o.via, o.assignee ?? o.queue])).toEqual([
      ['l-ceo', 'assigned', 'user', 'u-jon'],
      ['l-terr', 'assigned', 'territory', 'u-ben'],
      ['l-c', 'queued', 'queue', 'nurture'],
      ['l-x', 'triage', 'queue', 'triage'],
    ]);
    const [nurture] = await listReviewItems(t.store.db, { queue: 'nurture' });
    expect(nurture).toMatchObject({ assignee: 'u-ivy', subject: 'lead:l-c' });
    expect(await t.record('lead', 'l-c')).toMatchObject({
      routeStatus: 'queued',
      routeQueue: 'nurture',
      routedBy: 'nurture',
    });
  });
});

describe('pools on a real store', () => {
  const rr = (extra: JsonObject = {}) =>
    testConfig({
      rules: [{ name: 'all', action: { type: 'pool', pool: 'team' } }],
      pools: { team: { members: ['u-ana', 'u-ben', 'u-cara', 'u-dev'], ...extra } },
    });

  it('a rep out of office or inactive gets nothing; the others share evenly in turn', async () => {
    const t = await harness(rr());
    await t.seed('user', 'u-ben', nyUser('Ben Carter', { active: false }));
    await t.seed(
      'user',
      'u-dev',
      nyUser('Dev Patel', { outOfOffice: [{ from: '2026-11-24', to: '2026-11-24' }] }),
    );
    await t.qualified(...Array.from({ length: 30 }, (_, i) => lead(`l${i}`)));
    const got = new Map<string, number>();
    for (const d of await t.decisions())
      got.set(
        String((d.output as JsonObject).assignee),
        (got.get(String((d.output as JsonObject).assignee)) ?? 0) + 1,
      );
    expect(Object.fromEntries(got)).toEqual({ 'u-ana': 15, 'u-cara': 15 });
    const skips = steps((await t.decisions())[0]?.trace ?? [], 'pool-candidate').filter(
      (c) => c.available === false,
    );
    expect(skips.map((s) => [s.user, s.skip, s.reason])).toEqual([
      ['u-ben', 'inactive', 'inactive'],
      ['u-dev', 'out-of-office', 'out of office 2026-11-24 to 2026-11-24'],
    ]);
  });

  it('daily caps hold; when everyone is capped the lead waits, and the next day the oldest goes first', async () => {
    const t = await harness(rr({ capPerDay: 2 }));
    await t.qualified(...Array.from({ length: 10 }, (_, i) => lead(`l${String(i).padStart(2, '0')}`)));
    const out = (await t.decisions()).map((d) => d.output as JsonObject);
    expect(out.filter((o) => o.outcome === 'assigned')).toHaveLength(8);
    expect(out.filter((o) => o.outcome === 'waiting').map((o) => o.leadId)).toEqual(['l08', 'l09']);
    expect(await t.record('lead', 'l08')).toMatchObject({
      routeStatus: 'waiting',
      routeWaitingPool: 'team',
      waitingSince: '2026-11-24T15:00:00.000Z',
    });
    t.setNow('2026-11-24T15:20:00.000Z');
    await t.tick(); // still the same day: no room, nothing retried
    expect((await t.decisions()).at(-1)?.output).toMatchObject({ kind: 'sla-scan', retried: 0 });
    t.setNow('2026-11-25T14:05:00.000Z'); // 09:05 the next morning
    await t.tick();
    const after = await t.decisions();
    expect(after.at(-3)?.output).toMatchObject({ kind: 'sla-scan', retried: 2 });
    expect(
      after.slice(-2).map((d) => [(d.output as JsonObject).leadId, (d.output as JsonObject).outcome]),
    ).toEqual([
      ['l08', 'assigned'],
      ['l09', 'assigned'],
    ]);
    expect((await t.replay()).different).toBe(0);
  });

  it('round robin through the pool state record: 40 leads in several batches split 10/10/10/10', async () => {
    const t = await harness(rr());
    for (let b = 0; b < 4; b++)
      await t.qualified(...Array.from({ length: 10 }, (_, i) => lead(`b${b}-${i}`)));
    const got = new Map<string, number>();
    for (const d of await t.decisions())
      got.set(
        String((d.output as JsonObject).assignee),
        (got.get(String((d.output as JsonObject).assignee)) ?? 0) + 1,
      );
    expect([...got.values()]).toEqual([10, 10, 10, 10]);
    expect(await t.record('pool', 'route.team')).toMatchObject({ turns: 40, lastAssigned: 'u-dev' });
  });
});

describe('SLA escalation as a scheduled decision', () => {
  it('a rep who does not act in time loses the lead to the next in the pool; the manager is told', async () => {
    const t = await harness();
    await openOpps(t, { 'u-ana': 4, 'u-ben': 2, 'u-cara': 1, 'u-dev': 3 });
    await t.qualified(worked, lead('lead-002'));
    expect((await t.decisions()).map((d) => (d.output as JsonObject).assignee)).toEqual(['u-cara', 'u-cara']);
    await t.seed('lead', 'lead-002', {
      ...((await t.record('lead', 'lead-002')) ?? {}),
      firstTouchAt: '2026-11-24T15:10:00.000Z',
    });
    t.setNow('2026-11-24T15:20:00.000Z');
    await t.tick(); // not due yet
    expect((await t.decisions()).at(-1)?.output).toMatchObject({
      kind: 'sla-scan',
      pending: 2,
      met: 0,
      breached: 0,
    });
    t.setNow('2026-11-24T15:31:00.000Z');
    const report = await t.tick();
    expect(report.decisions).toBe(2); // the scan, then the escalation as its own decision
    const [scan, escalation] = (await t.decisions()).slice(-2);
    expect(scan?.output).toMatchObject({ kind: 'sla-scan', pending: 2, met: 1, breached: 1 });
    expect(escalation?.output).toEqual({
      kind: 'escalation',
      leadId: 'lead-001',
      outcome: 'reassigned',
      from: 'u-cara',
      to: 'u-ben',
      notified: 'u-jon',
    });
    expect(escalation?.parentIds).toEqual([scan?.id]);
    const moved = await t.record('lead', 'lead-001');
    expect(moved).toMatchObject({
      ownerId: 'u-ben',
      routeEscalations: 1,
      routePreviousOwners: ['u-cara'],
      routeSlaStatus: 'pending',
      routeSlaBreach: { clock: 'first-response', failedBy: 'u-cara' },
    });
    const oldTask = (escalation?.effects ?? []).find((e) => e.kind === 'record_write' && e.record === 'task');
    expect(oldTask).toMatchObject({ values: { status: 'reassigned' } });
    const [notice] = await listOutbox(t.store.db, { limit: 10 });
    expect(notice).toMatchObject({ channel: 'escalation', recipient: 'u-jon' });
    expect(await t.record('lead', 'lead-002')).toMatchObject({ routeSlaStatus: 'met' });
    // The next check does not escalate the same breach twice; u-ben now has a fresh 30 minutes.
    t.setNow('2026-11-24T15:35:00.000Z');
    expect((await t.tick()).decisions).toBe(1);
    expect((await t.replay()).different).toBe(0);
  });
});

describe('the agent step routes fire, review or triage by confidence', () => {
  const config = testConfig({
    rules: [
      {
        name: 'region-unknown',
        when: { field: 'region', op: 'empty' },
        action: {
          type: 'agent',
          question: 'region',
          options: { NA: { pool: 'na-commercial' }, EMEA: { pool: 'emea' } },
          signals: [
            { name: 'country', field: 'country', weight: 3, labels: { US: 'NA', DE: 'EMEA' } },
            {
              name: 'email-domain',
              field: 'emailDomain',
              weight: 1,
              labels: { '.de': 'EMEA', '.com': 'NA' },
            },
          ],
        },
      },
    ],
  });
  const scripted = (confidence: number | 'fail') => ({
    ask: async <I, O>(task: { name: string }, _input: I) => {
      if (confidence === 'fail')
        throw new RevloopsError('AGENT_UNAVAILABLE', `agent task ${task.name}: timed out after 20000 ms`);
      return {
        answer: { label: 'EMEA' } as O,
        confidence,
        reasoning: 'scripted',
        provider: 'test',
        model: 'scripted',
        latencyMs: 1,
        tokens: 0,
      };
    },
  });

  it('the heuristic weighs the signals: DE and .de agree, so it fires to the EMEA pool', async () => {
    const t = await harness(config);
    await t.qualified(lead('l-de', { region: null, country: 'DE', email: 'k@firma.de' }));
    const [d] = await t.decisions();
    expect(d?.output).toMatchObject({ outcome: 'assigned', via: 'agent', pool: 'emea', assignee: 'u-gus' });
    expect(d?.confidence).toBe(1);
    expect(d?.trace.find((e) => e.kind === 'agent')).toMatchObject({
      task: 'route.classify',
      route: 'fire',
      answer: { label: 'EMEA' },
    });
  });

  it.each([
    [0.9, 'assigned', null],
    [0.6, 'review', 'review'],
    [0.2, 'triage', 'triage'],
    ['fail', 'review', 'review'],
  ] as const)('confidence %s → %s', async (confidence, outcome, queue) => {
    const t = await harness(config, scripted(confidence));
    await t.qualified(lead('l-amb', { region: null }));
    const [d] = await t.decisions();
    expect(d?.output).toMatchObject({ outcome, via: 'agent', queue });
    if (queue) expect((await listReviewItems(t.store.db, { queue }))[0]?.subject).toBe('lead:l-amb');
    expect((await t.replay()).different).toBe(0);
  });
});
