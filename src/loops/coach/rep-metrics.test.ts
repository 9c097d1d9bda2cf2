import { describe, expect, it } from 'vitest';
import { ownMove, peerMove } from './movement.js';
import {
  type DealFacts,
  furthestStage,
  type LeadFacts,
  mean,
  median,
  metricsFor,
  type Observations,
  observationsOf,
  stdDev,
} from './rep-metrics.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const WINDOW = { from: NOW - 30 * DAY, to: NOW };
const OPTIONS = { stages: ['Discovery', 'Proposal', 'Negotiation'], shapes: ['enterprise'], minSamples: 2 };

const deal = (over: Partial<DealFacts>): DealFacts => ({
  id: 'd',
  ownerId: 'u-a',
  shape: null,
  outcome: 'open',
  coverage: null,
  qualifiedAt: null,
  startedAt: NOW - 60 * DAY,
  closedAt: null,
  contacts: null,
  stageDays: null,
  stage: 'Discovery',
  ...over,
});
const lead = (hoursToTouch: number | null, daysAgo = 5, sla: string | null = null): LeadFacts => ({
  ownerId: 'u-a',
  assignedAt: NOW - daysAgo * DAY,
  firstTouchAt: hoursToTouch === null ? null : NOW - daysAgo * DAY + hoursToTouch * 3_600_000,
  slaStatus: sla,
});
const obs = (o: Partial<Observations>): Observations => ({ deals: [], leads: [], sequences: [], ...o });

describe('the statistics', () => {
  it('mean, median and population standard deviation', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(stdDev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
  });
});

describe('rep metrics over a window', () => {
  it('response hours is the median time to first touch of leads routed in the window; SLA met rate counts settled SLAs', () => {
    const m = metricsFor(
      obs({
        leads: [
          lead(1, 2, 'met'),
          lead(5, 3, 'met'),
          lead(30, 4, 'breached'),
          lead(null, 6, 'escalated'),
          lead(2, 40, 'met'),
        ],
      }),
      WINDOW,
      OPTIONS,
    );
    expect(m.values.responseHours).toBe(5); // 1, 5, 30: the untouched lead and the one routed 40 days ago are out
    expect(m.samples.responseHours).toBe(3);
    expect(m.values.slaMetRate).toBe(0.5); // 2 met of 4 settled
  });

  it('a first touch from before the assignment (a recycled lead) is not the rep’s response', () => {
    // Touched 200 days before it was routed again: without the guard the median is -4800 hours.
    const m = metricsFor(
      obs({ leads: [lead(-4800), lead(-4800), lead(-4800), lead(2), lead(4)] }),
      WINDOW,
      OPTIONS,
    );
    expect(m.values.responseHours).toBe(3);
    expect(m.samples.responseHours).toBe(2);
  });
  it('win rate and cycle days over deals closed in the window, overall and by shape; too few samples is null', () => {
    const closed = (id: string, outcome: 'won' | 'lost', shape: string | null, cycle: number) =>
      deal({ id, outcome, shape, startedAt: NOW - (cycle + 2) * DAY, closedAt: NOW - 2 * DAY });
    const m = metricsFor(
      obs({
        deals: [
          closed('a', 'won', 'enterprise', 40),
          closed('b', 'lost', 'enterprise', 10),
          closed('c', 'won', null, 20),
          closed('d', 'lost', null, 5),
          deal({ id: 'e', outcome: 'won', startedAt: NOW - 200 * DAY, closedAt: NOW - 100 * DAY }),
        ],
      }),
      WINDOW,
      OPTIONS,
    );
    expect(m.values.winRate).toBe(0.5);
    expect(m.values.cycleDays).toBe(30);
    expect(m.values['shapes.enterprise.winRate']).toBe(0.5);
    expect(m.values['shapes.enterprise.cycleDays']).toBeNull(); // one won enterprise deal < minSamples 2
    expect(m.samples['shapes.enterprise.cycleDays']).toBe(1);
  });

  it('discovery coverage, sequence approval and edit rates, single-threaded share', () => {
    const m = metricsFor(
      obs({
        deals: [
          deal({ id: 'a', coverage: 0.8, qualifiedAt: NOW - DAY, contacts: 1 }),
          deal({ id: 'b', coverage: 0.4, qualifiedAt: NOW - 2 * DAY, contacts: 3 }),
          deal({ id: 'c', coverage: 0.1, qualifiedAt: NOW - 90 * DAY, contacts: 1 }),
          deal({ id: 'd', outcome: 'lost', closedAt: NOW - 200 * DAY, contacts: 1 }), // closed before the window
        ],
        sequences: [
          { ownerId: 'u-a', reviewedAt: NOW - DAY, approved: true, edited: true },
          { ownerId: 'u-a', reviewedAt: NOW - DAY, approved: true, edited: false },
          { ownerId: 'u-a', reviewedAt: NOW - DAY, approved: false, edited: false },
          { ownerId: 'u-a', reviewedAt: NOW - DAY, approved: true, edited: true },
        ],
      }),
      WINDOW,
      OPTIONS,
    );
    expect(m.values.discoveryCoverage).toBe(0.6);
    expect(m.values.sequenceApprovalRate).toBe(0.75);
    expect(m.values.sequenceEditRate).toBe(0.667);
    expect(m.values.singleThreadedShare).toBe(0.667); // a, b, c open; d closed long ago
  });

  it('stage conversion follows the furthest stage each closed deal reached; days in stage are means', () => {
    const closed = (id: string, outcome: 'won' | 'lost', stageDays: Record<string, number>, stage: string) =>
      deal({ id, outcome, stageDays, stage, closedAt: NOW - DAY });
    const deals = [
      closed('a', 'won', { Discovery: 10, Proposal: 5, Negotiation: 3 }, 'Closed Won'),
      closed('b', 'lost', { Discovery: 20 }, 'Discovery'),
      closed('c', 'lost', { Discovery: 12, Proposal: 9 }, 'Closed Lost'),
    ];
    expect(furthestStage(deals[1] as DealFacts, OPTIONS.stages)).toBe(0);
    expect(furthestStage(deals[0] as DealFacts, OPTIONS.stages)).toBe(3);
    const m = metricsFor(obs({ deals }), WINDOW, OPTIONS);
    expect(m.values['stages.Discovery.conversion']).toBe(0.667);
    expect(m.values['stages.Proposal.conversion']).toBe(0.5);
    expect(m.values['stages.Negotiation.conversion']).toBeNull(); // one deal reached it
    expect(m.values['stages.Discovery.days']).toBe(14);
  });

  it('observationsOf keeps one rep’s records', () => {
    const o = obs({ deals: [deal({ id: 'a' }), deal({ id: 'b', ownerId: 'u-b' })], leads: [lead(1)] });
    expect(observationsOf(o, new Set(['u-b'])).deals.map((d) => d.id)).toEqual(['b']);
    expect(observationsOf(o, new Set(['u-b'])).leads).toEqual([]);
  });
});

describe('metric moves', () => {
  it('against the own trailing average: a change of at least the threshold share', () => {
    expect(ownMove('responseHours', 12, 4, 0.5)).toMatchObject({ key: 'responseHours:own:up', change: 2 });
    expect(ownMove('winRate', 0.2, 0.5, 0.5)).toMatchObject({ direction: 'down', change: 0.6 });
    expect(ownMove('winRate', 0.4, 0.5, 0.5)).toBeNull();
    expect(ownMove('winRate', null, 0.5, 0.5)).toBeNull();
    expect(ownMove('winRate', 0.3, 0, 0.5)).toMatchObject({ change: 1 });
  });

  it('against peers: leave-one-out z-score, only with enough peers', () => {
    const m = peerMove('responseHours', 20, [2, 3, 4], 2, 3);
    expect(m).toMatchObject({ key: 'responseHours:peers:up', reference: 3 });
    expect(m?.z).toBeCloseTo(20.825, 2); // (20 - 3) / 0.8165
    expect(peerMove('responseHours', 3.5, [2, 3, 4], 2, 3)).toBeNull();
    expect(peerMove('responseHours', 20, [2, 4], 2, 3)).toBeNull();
    expect(peerMove('winRate', 0.1, [0.5, 0.5, 0.5], 2, 3)?.z).toBe(-99);
  });
});
