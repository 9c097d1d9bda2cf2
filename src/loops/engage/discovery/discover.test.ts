import { afterEach, describe, expect, it } from 'vitest';
import { type DiscoveryHarness, discoveryHarness } from '../../../../test/helpers/discovery-harness.js';
import { type AgentGateway, RevloopsError, type TraceEntry } from '../../../kernel/index.js';
import { listReviewItems } from '../../../store/index.js';

const STRONG = [
  'Budget: $90k is approved for this in the Q1 plan.',
  'Maria Lopez (CFO) signs off on the purchase and has already seen our proposal.',
  'Their SDRs lose hours every week to manual lead research in spreadsheets.',
  'They need it live by the end of March.',
].join('\n');

const NO_BUDGET = [
  'There is no budget for this until the next fiscal year.',
  'The VP Sales is the decision maker.',
  'Reps struggle with manual routing today.',
].join('\n');

const OPP = {
  name: 'Brightline platform',
  accountId: 'acc-7',
  ownerId: 'u-ana',
  leadId: 'lead-9',
  status: 'open',
};

let h: DiscoveryHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const handoffs = (d: { effects: readonly { kind: string }[] }) =>
  d.effects.filter(
    (e): e is { kind: 'handoff'; type: string; payload: Record<string, unknown> } & typeof e =>
      e.kind === 'handoff',
  );
const dimensionSteps = (trace: readonly TraceEntry[]) =>
  trace.filter((t) => t.kind === 'step' && t.name.startsWith('dimension '));

describe('discoverOpportunity through the engine on a real store', () => {
  it('hands an SQO to pursue with the evidence, writes coverage back, and replays identically', async () => {
    h = await discoveryHarness({});
    await h.seedOpportunity('opp-1', OPP);
    const d = await h.notes('opp-1', STRONG);
    expect(d.output).toMatchObject({
      kind: 'discovery',
      outcome: 'sqo',
      coverage: { framework: 'bant', covered: ['budget', 'authority', 'need', 'timeline'], share: 1 },
    });
    const [sqo] = handoffs(d);
    expect(sqo?.type).toBe('opportunity.sqo');
    expect(sqo?.payload).toMatchObject({
      opportunityId: 'opp-1',
      accountId: 'acc-7',
      ownerId: 'u-ana',
      amount: 90000,
    });
    expect(dimensionSteps(d.trace)).toHaveLength(4);
    expect(d.trace.find((t) => t.kind === 'rule' && t.rule === 'sqo budget')).toMatchObject({
      matched: true,
      reason: expect.stringContaining('Budget evidenced, confidence 0.'),
    });
    expect(d.trace.find((t) => t.kind === 'agent')).toMatchObject({
      task: 'engage.discovery-evidence',
      provider: 'heuristic',
      route: 'fire',
    });
    expect(await h.record('opp-1')).toMatchObject({
      qualification: 'sqo',
      sqoAt: '2026-11-24T15:00:00.000Z',
      discovery: {
        covered: ['budget', 'authority', 'need', 'timeline'],
        dimensions: { budget: { status: 'evidenced' } },
      },
    });
    expect((await h.replay()).different).toBe(0);
  });

  it('disqualifies a contradicted budget and hands off to nurture with the quoted reason', async () => {
    h = await discoveryHarness({});
    await h.seedOpportunity('opp-2', OPP);
    const d = await h.notes('opp-2', NO_BUDGET);
    expect(d.output).toMatchObject({
      outcome: 'nurture',
      coverage: { contradicted: ['budget'], missing: ['timeline'] },
    });
    const [n] = handoffs(d);
    expect(n?.type).toBe('lead.nurture');
    expect(n?.payload).toMatchObject({ opportunityId: 'opp-2', leadId: 'lead-9', accountId: 'acc-7' });
    expect(String(n?.payload.reason)).toContain(
      'Budget is contradicted ("There is no budget for this until the next fiscal year.")',
    );
    const timeline = (d.output as { dimensions: { key: string; followUps: string[] }[] }).dimensions.find(
      (x) => x.key === 'timeline',
    );
    expect(timeline?.followUps[0]).toBe('When do you need this in place, and what drives that date?');
    expect(await h.record('opp-2')).toMatchObject({ qualification: 'disqualified' });
  });

  it('with whenNotQualified: hold, keeps discovering with a follow-up task for the owner', async () => {
    h = await discoveryHarness({
      whenNotQualified: 'hold',
      sqo: { require: ['budget', 'authority', 'timeline'] },
    });
    await h.seedOpportunity('opp-3', OPP);
    const d = await h.notes(
      'opp-3',
      'Budget of $40k is set aside by the CFO. Their manual process is too slow.',
    );
    expect(d.output).toMatchObject({ outcome: 'hold' });
    expect(handoffs(d)).toHaveLength(0);
    const task = d.effects.find((e) => e.kind === 'task');
    expect(task).toMatchObject({
      assignee: 'u-ana',
      dueAt: '2026-11-26T15:00:00.000Z',
      title: 'Discovery follow-up: Authority, Timeline',
    });
  });

  it('carries what an earlier call established over to the next call notes', async () => {
    h = await discoveryHarness({ whenNotQualified: 'hold' });
    await h.seedOpportunity('opp-6', OPP);
    const first = await h.notes('opp-6', 'Budget of $60k is allocated for this. Their reporting is manual.');
    expect(first.output).toMatchObject({ outcome: 'hold', coverage: { covered: ['budget', 'need'] } });
    const second = await h.notes('opp-6', 'The COO signs off on it. They need it live by the end of Q1.');
    expect(second.output).toMatchObject({
      outcome: 'sqo',
      coverage: { covered: ['budget', 'authority', 'need', 'timeline'] },
    });
    expect(second.trace.find((t) => t.kind === 'step' && t.name === 'carried-over')).toMatchObject({
      detail: { dimensions: ['budget'] },
    });
    const budget = (second.output as { dimensions: { key: string; evidence: string[] }[] }).dimensions[0];
    expect(budget?.evidence).toEqual(['Budget of $60k is allocated for this.']);
    expect((await h.replay()).different).toBe(0);
  });

  it('sends an unsure extraction to the owner for review and an unavailable agent to review with the reason', async () => {
    h = await discoveryHarness({ agent: { autoAccept: 0.99, review: 0.3 } });
    await h.seedOpportunity('opp-4', OPP);
    const unsure = await h.notes('opp-4', STRONG);
    expect(unsure.output).toMatchObject({ outcome: 'review' });
    expect(handoffs(unsure)).toHaveLength(0);
    const [item] = await listReviewItems(h.store.db, { queue: 'discovery' });
    expect(item).toMatchObject({ assignee: 'u-ana', subject: 'opportunity:opp-4' });
    expect(await h.record('opp-4')).toMatchObject({ qualification: 'in-review' });
    await h.close();
    const down: AgentGateway = {
      ask: () =>
        Promise.reject(new RevloopsError('AGENT_UNAVAILABLE', 'agent task timed out after 30000 ms')),
    };
    h = await discoveryHarness({}, down);
    await h.seedOpportunity('opp-5', OPP);
    const failed = await h.notes('opp-5', STRONG);
    expect(failed.output).toMatchObject({
      outcome: 'review',
      reason: 'the evidence agent is unavailable (agent task timed out after 30000 ms): sent to review',
    });
  });

  it('skips a closed or unknown opportunity without writing anything', async () => {
    h = await discoveryHarness({ framework: 'meddpicc' });
    await h.seedOpportunity('opp-won', { ...OPP, status: 'won' });
    const won = await h.notes('opp-won', STRONG);
    expect(won.output).toMatchObject({
      outcome: 'skipped',
      reason: 'opportunity opp-won is already closed (won)',
    });
    const ghost = await h.notes('opp-none', STRONG);
    expect(ghost.output).toMatchObject({ outcome: 'skipped' });
    expect(ghost.effects).toHaveLength(0);
  });
});
