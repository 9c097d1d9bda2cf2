import { afterEach, describe, expect, it } from 'vitest';
import { nyUser, type RouteHarness, routeHarness } from '../../../test/helpers/route-harness.js';
import { createAgentGateway } from '../../agents/index.js';
import type { Decision, JsonObject } from '../../kernel/index.js';
import { listReviewItems } from '../../store/index.js';
import { upstreamAccount, upstreamHow } from './account-match.js';
import { testConfig } from './test-config.js';

const heuristic = createAgentGateway({ provider: 'heuristic' }, { env: {} });

/** Jane writes from gmail.com; her company is an existing account, which qualify's enrichment found by name. */
const jane: JsonObject = {
  leadId: 'lead-jane',
  email: 'jane.doe@gmail.com',
  name: 'Jane Doe',
  title: 'VP of Operations',
  company: 'Brightline Logistics',
  country: 'US',
  region: 'NA',
  employees: 640,
  grade: 'A',
  score: 84,
};
const byName = (status: 'matched' | 'review', confidence: number, id = 'acc-bright'): JsonObject => ({
  id,
  name: 'Brightline Logistics',
  status,
  provider: 'crm-accounts',
  how: 'agent',
  confidence,
});

let h: RouteHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harness(): Promise<RouteHarness> {
  h = await routeHarness(testConfig(), { agents: heuristic });
  for (const [id, name] of [
    ['u-ana', 'Ana Ortiz'],
    ['u-ben', 'Ben Carter'],
    ['u-cara', 'Cara Lindqvist'],
    ['u-dev', 'Dev Patel'],
    ['u-gus', 'Gus Brandt'],
    ['u-hana', 'Hana Novak'],
  ] as const)
    await h.seed('user', id, nyUser(name));
  await h.seed('account', 'acc-bright', {
    name: 'Brightline Logistics',
    domain: 'brightlinelogistics.com',
    ownerId: 'u-gus',
  });
  return h;
}

const matchStep = (d: Decision | undefined) =>
  d?.trace.flatMap((e) => (e.kind === 'step' && e.name === 'account-match' ? [e.detail ?? {}] : []))[0] ??
  null;
const last = async (t: RouteHarness) => (await t.decisions()).at(-1);

describe('upstream account matches (pure)', () => {
  it('reads a well-formed match off the subject, and says how it was made', () => {
    const m = upstreamAccount({ matchedAccount: byName('matched', 0.93) });
    expect(m).toMatchObject({ id: 'acc-bright', status: 'matched' });
    expect(upstreamHow(m ?? { id: 'x', status: 'matched' })).toBe(
      'enrichment via crm-accounts (agent, confidence 0.93)',
    );
    expect(upstreamHow({ id: 'x', status: 'matched' })).toBe('enrichment');
    expect(upstreamAccount({ matchedAccount: null })).toBeUndefined();
    expect(upstreamAccount({ matchedAccount: { id: 'acc-1', status: 'maybe' } })).toBeUndefined();
    expect(upstreamAccount({ matchedAccount: 'acc-1' })).toBeUndefined();
  });
});

describe('account matching: the upstream match first, then the domain', () => {
  it('a free-mail lead whose company enrichment matched goes to the account owner, and says how it matched', async () => {
    const t = await harness();
    await t.qualified({ ...jane, matchedAccount: byName('matched', 0.93) });
    const d = await last(t);
    expect(d?.output).toMatchObject({
      outcome: 'assigned',
      rule: 'existing-customer',
      via: 'account-owner',
      assignee: 'u-gus',
    });
    expect(matchStep(d)).toEqual({
      status: 'matched',
      via: 'enrichment',
      accountId: 'acc-bright',
      confidence: 0.93,
      reason:
        'enrichment via crm-accounts (agent, confidence 0.93) matched the company to account acc-bright (Brightline Logistics)',
    });
    expect(d?.reasons).toContain(
      'owner of account acc-bright, matched by enrichment via crm-accounts (agent, confidence 0.93)',
    );
    expect(d?.confidence).toBe(0.93);
    expect(await t.record('lead', 'lead-jane')).toMatchObject({ ownerId: 'u-gus', accountId: 'acc-bright' });
    const handoff = d?.effects.find((e) => e.kind === 'handoff');
    expect(handoff).toMatchObject({ payload: { accountId: 'acc-bright', via: 'account-owner' } });
    expect((await t.replay()).different).toBe(0);
  });

  it('without an upstream match the same lead is not an account lead: a free-mail lead has no company domain', async () => {
    const t = await harness();
    await t.qualified(jane);
    const d = await last(t);
    expect(d?.output).toMatchObject({ rule: 'na-commercial-a', via: 'pool' });
    expect(matchStep(d)).toMatchObject({
      status: 'none',
      via: null,
      reason: 'the lead has no company domain',
    });
  });

  it('the match written on the lead record counts when the handoff does not carry one', async () => {
    const t = await harness();
    await t.seed('lead', 'lead-jane', { email: 'jane.doe@gmail.com', matchedAccount: byName('matched', 1) });
    await t.qualified(jane);
    expect((await last(t))?.output).toMatchObject({ via: 'account-owner', assignee: 'u-gus' });
  });

  it('a match that awaits review is not a confirmed account: the lead goes to review with the proposed account', async () => {
    const t = await harness();
    await t.qualified({ ...jane, matchedAccount: byName('review', 0.4) });
    const d = await last(t);
    expect(d?.output).toMatchObject({
      outcome: 'review',
      via: 'account-owner',
      queue: 'review',
      assignee: null,
    });
    expect(matchStep(d)).toMatchObject({
      status: 'uncertain',
      via: 'enrichment',
      accountId: 'acc-bright',
      reason:
        'the lead has no company domain; enrichment via crm-accounts (agent, confidence 0.4) proposed account acc-bright, but the match awaits review, so it is not a confirmed account',
    });
    const [item] = await listReviewItems(t.store.db, { queue: 'review' });
    expect(JSON.parse(item?.proposed_action ?? '{}')).toMatchObject({
      accountId: 'acc-bright',
      ownerId: 'u-gus',
    });
    expect(await t.record('lead', 'lead-jane')).not.toHaveProperty('ownerId');
    expect((await t.replay()).different).toBe(0);
  });

  it('a free email domain never matches an account, even one a CRM import put on gmail.com', async () => {
    const t = await harness();
    await t.seed('account', 'acc-freelancer', { name: 'Jane Doe', domain: 'gmail.com', ownerId: 'u-hana' });
    await t.qualified({ ...jane, domain: 'gmail.com' });
    const d = await last(t);
    expect(d?.output).toMatchObject({ via: 'pool', rule: 'na-commercial-a' });
    expect(matchStep(d)).toMatchObject({
      status: 'none',
      reason: 'gmail.com is a free email domain, which names no account',
    });
    expect(d?.reads.some((r) => r.key.includes('gmail.com'))).toBe(false);
  });

  it('an upstream account that is no longer in the records falls back to the domain, and says so', async () => {
    const t = await harness();
    await t.qualified({
      ...jane,
      email: 'jane@brightlinelogistics.com',
      domain: 'brightlinelogistics.com',
      matchedAccount: byName('matched', 1, 'acc-gone'),
    });
    const d = await last(t);
    expect(d?.output).toMatchObject({ via: 'account-owner', assignee: 'u-gus' });
    expect(matchStep(d)).toMatchObject({
      status: 'matched',
      via: 'domain',
      accountId: 'acc-bright',
      reason:
        'enrichment via crm-accounts (agent, confidence 1) named account acc-gone, which is not in the records; account acc-bright has domain brightlinelogistics.com',
    });
  });
});

describe('two accounts on one domain', () => {
  async function sharedDomain(): Promise<RouteHarness> {
    const t = await harness();
    await t.seed('account', 'acc-hf', {
      name: 'Harbor & Finch',
      domain: 'harborfinch.com',
      ownerId: 'u-ana',
    });
    await t.seed('account', 'acc-fcp', {
      name: 'Finch Capital Partners',
      domain: 'harborfinch.com',
      ownerId: 'u-dev',
    });
    return t;
  }
  const sam = (extra: JsonObject): JsonObject => ({
    ...jane,
    leadId: 'lead-sam',
    email: 'sam@harborfinch.com',
    domain: 'harborfinch.com',
    company: 'Finch Capital Partners',
    ...extra,
  });

  it('the account enrichment confirmed wins, without asking the account-match agent again', async () => {
    const t = await sharedDomain();
    const m = { id: 'acc-fcp', status: 'matched', provider: 'crm-accounts', how: 'agent', confidence: 0.92 };
    await t.qualified(sam({ matchedAccount: m }));
    const d = await last(t);
    expect(d?.output).toMatchObject({ via: 'account-owner', assignee: 'u-dev' });
    expect(d?.trace.some((e) => e.kind === 'agent')).toBe(false);
    expect(matchStep(d)).toMatchObject({ via: 'enrichment', accountId: 'acc-fcp', confidence: 0.92 });
  });

  it('a match enrichment sent to review stays in review: the agent is not asked to confirm it', async () => {
    const t = await sharedDomain();
    const m = { id: 'acc-fcp', status: 'review', provider: 'crm-accounts', how: 'agent', confidence: 0.5 };
    await t.qualified(sam({ matchedAccount: m }));
    const d = await last(t);
    expect(d?.output).toMatchObject({ outcome: 'review', queue: 'review', assignee: null });
    expect(d?.trace.some((e) => e.kind === 'agent')).toBe(false);
    expect(matchStep(d)).toMatchObject({ status: 'uncertain', via: 'enrichment', accountId: 'acc-fcp' });
  });

  it('with no upstream match, the domain goes to the account-match agent, whose pick says so', async () => {
    const t = await sharedDomain();
    await t.qualified(sam({}));
    const d = await last(t);
    expect(d?.output).toMatchObject({ via: 'account-owner', assignee: 'u-dev' });
    expect(d?.trace.find((e) => e.kind === 'agent')).toMatchObject({ task: 'route.match-account' });
    expect(matchStep(d)).toMatchObject({ status: 'matched', via: 'domain', accountId: 'acc-fcp' });
    expect(d?.reasons.at(-1)).toMatch(
      /^owner of account acc-fcp, matched by domain harborfinch\.com \(the account-match agent, confidence 0\.\d+\)$/,
    );
    expect((await t.replay()).different).toBe(0);
  });
});
