import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AgentGateway,
  baseMetrics,
  defineLoop,
  executeLoop,
  getPath,
  type JsonObject,
  type RecordFilter,
  type RecordKind,
  type RecordReader,
  type RecordWrite,
  type RunResult,
  type StoredRecord,
} from '../../kernel/index.js';
import {
  ATTRIBUTION_EVENT,
  type AttributionOutput,
  AttributionOutput as AttributionOutputSchema,
  allocateCents,
  attributeOpportunity,
  modelParts,
  OpportunityClosed,
  toCents,
} from './attribution.js';
import { ATTRIBUTION_MODELS, AttributionConfig } from './attribution-config.js';

/** The records of work over a Map: the same interface the store implements. */
class MapRecords implements RecordReader {
  private readonly rows = new Map<string, StoredRecord>();

  put(kind: RecordKind, id: string, values: JsonObject): this {
    this.rows.set(`${kind}:${id}`, { id, externalId: null, values, version: 1, updatedAt: NOW });
    return this;
  }

  async get(kind: RecordKind, id: string): Promise<StoredRecord | null> {
    return this.rows.get(`${kind}:${id}`) ?? null;
  }

  async find(kind: RecordKind, filter: RecordFilter, options?: { limit?: number }): Promise<StoredRecord[]> {
    const found = [...this.rows.entries()]
      .filter(
        ([key, r]) =>
          key.startsWith(`${kind}:`) && Object.entries(filter).every(([f, v]) => getPath(r.values, f) === v),
      )
      .map(([, r]) => r)
      .sort((a, b) => a.id.localeCompare(b.id));
    return found.slice(0, options?.limit ?? found.length);
  }

  async count(kind: RecordKind, filter: RecordFilter): Promise<number> {
    return (await this.find(kind, filter)).length;
  }
}

const agents: AgentGateway = {
  ask: async (task) => {
    throw new Error(`attribution asks no agent, yet ${task.name} was asked`);
  },
};

const NOW = '2026-11-24T12:00:00.000Z';
const DAY = 86_400_000;

/** The smallest loop that runs attribution through the kernel: config, contract checks, effects, trace. */
const Config = z.strictObject({ attribution: AttributionConfig.default(AttributionConfig.parse({})) });
const harness = defineLoop({
  name: 'attribution-harness',
  version: '1.0.0',
  description: 'Runs attribution alone.',
  archetypes: ['event'],
  config: Config,
  triggers: [{ kind: 'event', on: ATTRIBUTION_EVENT }],
  input: OpportunityClosed,
  output: AttributionOutputSchema,
  outputs: ['decision', 'record_write'],
  run: attributeOpportunity,
  metrics: baseMetrics,
  feedback: [
    { name: 'none', description: 'Watches nothing.', level: 1, reads: ['decisions'], evaluate: () => [] },
  ],
});

function run(records: RecordReader, input: unknown, attribution: unknown = {}): Promise<RunResult> {
  return executeLoop({
    loop: harness,
    config: Config.parse({ attribution }),
    configVersion: 'test',
    input,
    subject: null,
    idBase: 'dec-1',
    now: NOW,
    seed: 1,
    records,
    agents,
    eventType: ATTRIBUTION_EVENT,
  });
}

const sumCents = (amounts: Record<string, number>) =>
  Object.values(amounts).reduce((s, v) => s + toCents(v), 0);

describe('exact splits', () => {
  it('largest remainder: whole cents, nonnegative, adding up to the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 40 }),
        (total, parts) => {
          const split = allocateCents(total, parts);
          const any = parts.some((p) => p > 0n);
          expect(split.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
          expect(split.reduce((a, b) => a + b, 0)).toBe(any ? total : 0);
          parts.forEach((p, i) => {
            if (p === 0n) expect(split[i]).toBe(0);
          });
        },
      ),
    );
  });

  it('each model weighs touches as documented', () => {
    const w = { first: 0.4, last: 0.4, middle: 0.2 };
    const split = (model: (typeof ATTRIBUTION_MODELS)[number], n: number) =>
      allocateCents(100_000, modelParts(model, n, w));
    expect(split('first-touch', 5)).toEqual([100_000, 0, 0, 0, 0]);
    expect(split('last-touch', 5)).toEqual([0, 0, 0, 0, 100_000]);
    expect(split('linear', 3)).toEqual([33_334, 33_333, 33_333]);
    expect(split('position-based', 5)).toEqual([40_000, 6_667, 6_667, 6_666, 40_000]);
    expect(split('position-based', 2)).toEqual([50_000, 50_000]);
    expect(split('position-based', 1)).toEqual([100_000]);
    expect(
      allocateCents(100, modelParts('position-based', 2, { first: 0.3, last: 0.5, middle: 0.2 })),
    ).toEqual([38, 62]);
  });

  it('rejects weights that do not add up to 1, a primary model not computed, and a model listed twice', () => {
    expect(
      AttributionConfig.safeParse({ positionBased: { first: 0.5, last: 0.4, middle: 0.2 } }).success,
    ).toBe(false);
    expect(AttributionConfig.safeParse({ models: ['linear'], primary: 'first-touch' }).success).toBe(false);
    expect(AttributionConfig.safeParse({ models: ['linear', 'linear'] }).success).toBe(false);
    expect(AttributionConfig.parse({}).models).toEqual([...ATTRIBUTION_MODELS]);
  });
});

const CHANNELS = ['email', 'paid-search', 'paid-social', 'webinar', 'event', 'content'];
const CAMPAIGNS = ['c-1', 'c-2', 'c-3', null];

const touchArb = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  campaignId: fc.constantFrom(...CAMPAIGNS),
  // days before the close: negative ones fall after it, large ones outside the lookback
  daysBefore: fc.integer({ min: -30, max: 500 }),
  minute: fc.integer({ min: 0, max: 1439 }),
});

describe('attribution through the kernel (property)', () => {
  it('for random opportunities and touches, every model credits exactly the amount; no touch means no credit, with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5_000_000_00 }),
        fc.array(touchArb, { maxLength: 14 }),
        fc.constantFrom(0, 1, 2),
        async (amountCents, touches, variant) => {
          const amount = amountCents / 100;
          const close = Date.parse('2026-10-01T12:00:00.000Z');
          const records = new MapRecords().put('opportunity', 'opp-1', {
            accountId: 'acc-1',
            amount,
            closedAt: new Date(close).toISOString(),
          });
          touches.forEach((t, i) => {
            records.put('touch', `t-${String(i).padStart(2, '0')}`, {
              accountId: 'acc-1',
              channel: t.channel,
              ...(t.campaignId ? { campaignId: t.campaignId } : {}),
              occurredAt: new Date(close - t.daysBefore * DAY + t.minute * 60_000).toISOString(),
            });
          });
          records.put('touch', 't-other', {
            accountId: 'acc-2',
            channel: 'email',
            occurredAt: new Date(close - DAY).toISOString(),
          });
          const config =
            variant === 0
              ? {}
              : variant === 1
                ? { positionBased: { first: 0.3, last: 0.5, middle: 0.2 }, lookbackDays: 120 }
                : { channels: ['email', 'webinar'], positionBased: { first: 0.5, last: 0.5, middle: 0 } };
          const parsed = AttributionConfig.parse(config);
          const counted = touches.filter(
            (t) =>
              close - t.daysBefore * DAY + t.minute * 60_000 <= close &&
              close - t.daysBefore * DAY + t.minute * 60_000 >= close - parsed.lookbackDays * DAY &&
              (parsed.channels.length === 0 || parsed.channels.includes(t.channel)),
          ).length;
          const r = await run(records, { opportunityId: 'opp-1' }, config);
          const out = r.decided.output as AttributionOutput;
          const write = r.effects.find((e): e is RecordWrite => e.kind === 'record_write');
          expect(write?.recordId).toBe('opp-1');
          if (counted === 0) {
            expect(out.revenue).toEqual({});
            expect(out.touches).toEqual([]);
            expect(r.decided.reasons.join(' ')).toMatch(/no touches/);
            expect(write?.values.attribution).toMatchObject({ credited: false });
            return;
          }
          expect(out.touches.map((t) => t.id).every((id) => id !== 't-other')).toBe(true);
          expect(out.touches).toHaveLength(counted);
          for (const m of ATTRIBUTION_MODELS) {
            const perTouch = out.touches.map((t) => t.revenue[m] ?? Number.NaN);
            expect(perTouch.every((c) => c >= 0)).toBe(true);
            expect(perTouch.reduce((s, c) => s + toCents(c), 0)).toBe(amountCents);
            const summary = out.revenue[m];
            expect(toCents(summary?.total ?? -1)).toBe(amountCents);
            expect(sumCents(summary?.byCampaign ?? {})).toBe(amountCents);
            expect(sumCents(summary?.byChannel ?? {})).toBe(amountCents);
            expect(sumCents(out.pipeline[m]?.byCampaign ?? {})).toBe(amountCents);
          }
          // every credited touch is in the trace, under its model
          const factors = r.trace.filter((e) => e.kind === 'factor');
          const credited = out.touches.flatMap((t) =>
            ATTRIBUTION_MODELS.filter((m) => (t.revenue[m] ?? 0) > 0).map(
              (m) => `revenue/${m} touch ${t.id}`,
            ),
          );
          expect(factors.map((f) => `${f.group} ${f.factor}`).sort()).toEqual(credited.sort());
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('attribution of one won deal', () => {
  const records = () =>
    new MapRecords()
      .put('opportunity', 'opp-9', { accountId: 'acc-9', amount: '1000', closeDate: '2026-10-01' })
      .put('touch', 't-1', {
        accountId: 'acc-9',
        channel: 'paid-search',
        campaignId: 'search',
        occurredAt: '2026-06-01T10:00:00Z',
      })
      .put('touch', 't-2', {
        accountId: 'acc-9',
        channel: 'webinar',
        campaignId: 'webinars',
        contactId: 'ct-1',
        occurredAt: '2026-07-01T10:00:00Z',
      })
      .put('touch', 't-3', { accountId: 'acc-9', channel: 'email', occurredAt: '2026-08-01T10:00:00Z' })
      .put('touch', 't-4', {
        accountId: 'acc-9',
        channel: 'webinar',
        campaignId: 'webinars',
        occurredAt: '2026-10-01T18:00:00Z',
      })
      .put('touch', 't-5', {
        accountId: 'acc-9',
        channel: 'event',
        campaignId: 'events',
        occurredAt: '2026-10-02T09:00:00Z',
      });

  it('credits the touches up to the end of the close day by every model, and writes the amounts back', async () => {
    const r = await run(records(), { opportunityId: 'opp-9', ownerId: 'u-1', play: null });
    const out = r.decided.output as AttributionOutput;
    expect(out.touches.map((t) => t.id)).toEqual(['t-1', 't-2', 't-3', 't-4']);
    expect(out.revenue['first-touch']).toEqual({
      total: 1000,
      byCampaign: { search: 1000 },
      byChannel: { 'paid-search': 1000 },
    });
    expect(out.revenue['last-touch']?.byCampaign).toEqual({ webinars: 1000 });
    expect(out.revenue.linear?.byCampaign).toEqual({ '(none)': 250, search: 250, webinars: 500 });
    expect(out.revenue['position-based']?.byCampaign).toEqual({ '(none)': 100, search: 400, webinars: 500 });
    expect(out.revenue['position-based']?.byChannel).toEqual({
      email: 100,
      'paid-search': 400,
      webinar: 500,
    });
    expect(out.primary).toBe('position-based');
    const write = r.effects.find((e): e is RecordWrite => e.kind === 'record_write');
    expect(write).toMatchObject({ record: 'opportunity', recordId: 'opp-9', op: 'patch' });
    const written = write?.values.attribution as JsonObject;
    expect(written.revenue).toMatchObject({ linear: { search: 250, webinars: 500, '(none)': 250 } });
    expect(written.revenueByChannel).toMatchObject({ 'first-touch': { 'paid-search': 1000 } });
    const step = r.trace.find(
      (e) => e.kind === 'step' && e.name === 'credited revenue position-based campaign webinars',
    );
    expect(step).toMatchObject({ detail: { amount: 500, touches: ['t-2', 't-4'] } });
    expect(
      r.trace.find(
        (e) => e.kind === 'factor' && e.group === 'revenue/position-based' && e.factor === 'touch t-2',
      ),
    ).toMatchObject({
      value: 'webinar webinars',
      contribution: 100,
      reason: expect.stringMatching(/touch 2 of 4 on 2026-07-01, contact ct-1$/),
    });
    expect(r.decided.reasons[0]).toContain('1000 credited to 4 touch(es) on acc-9');
  });

  it('credits pipeline to the touches before the opportunity was created, revenue to those before the close', async () => {
    const recs = records().put('opportunity', 'opp-9', {
      accountId: 'acc-9',
      amount: 1000,
      createdAt: '2026-07-15T00:00:00Z',
      closedAt: '2026-10-01T12:00:00Z',
    });
    const out = (await run(recs, { opportunityId: 'opp-9' })).decided.output as AttributionOutput;
    expect(out.pipeline.linear?.byCampaign).toEqual({ search: 500, webinars: 500 });
    expect(out.revenue.linear?.byCampaign).toEqual({ '(none)': 333.33, search: 333.34, webinars: 333.33 });
    expect(out.touches.find((t) => t.id === 't-3')?.pipeline.linear).toBe(0);
  });

  it('honours the lookback, the counted channels and the chosen models', async () => {
    const out = (
      await run(
        records(),
        { opportunityId: 'opp-9', amount: 90 },
        {
          models: ['linear', 'last-touch'],
          channels: ['webinar', 'paid-search'],
          lookbackDays: 100,
        },
      )
    ).decided.output as AttributionOutput;
    expect(Object.keys(out.revenue)).toEqual(['last-touch', 'linear']);
    expect(out.primary).toBe('linear'); // the first model listed
    expect(out.touches.map((t) => t.id)).toEqual(['t-2', 't-4']);
    expect(out.revenue.linear?.byChannel).toEqual({ webinar: 90 });
  });

  it('gives no credit, with a reason, when there is no account, no amount, or attribution is off', async () => {
    const none = new MapRecords().put('opportunity', 'opp-x', { amount: 5 });
    const noAccount = await run(none, { opportunityId: 'opp-x' });
    expect(noAccount.decided.reasons).toEqual([
      'opportunity opp-x has no account, so no touches can be found',
    ]);
    const noAmount = await run(records(), { opportunityId: 'opp-y', accountId: 'acc-9' });
    expect(noAmount.decided.reasons).toEqual(['opportunity opp-y has no amount to credit']);
    const off = await run(records(), { opportunityId: 'opp-9' }, { enabled: false });
    expect(off.decided.reasons).toEqual(['attribution is disabled in the generate config']);
    expect(off.effects).toEqual([]);
  });
});
