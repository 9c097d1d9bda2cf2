import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PursueConfig } from './config.js';
import { DAY, dealOf, outcomeWords } from './deal.js';
import { evaluateDeal } from './evaluator.js';
import { backtestThreshold, stalenessProposer } from './feedback.js';
import { MedianBuilder } from './medians.js';
import { choosePlay, compilePlays, scheduleMilestones } from './plays.js';
import { assessDeal, evalEnv } from './signals.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const iso = (days: number) => new Date(NOW + days * DAY).toISOString();
const config = PursueConfig.parse({
  plays: [
    {
      name: 'big',
      when: { field: 'amount', op: 'gte', value: 50000 },
      milestones: [
        { name: 'validation', dueDays: 7, from: 'sqo' },
        { name: 'close plan', dueDays: 5 },
      ],
    },
    { name: 'small', milestones: [{ name: 'recap', dueDays: 2, from: 'sqo' }] },
  ],
  signals: { stale: { days: 10, byStage: { Negotiation: 5 } } },
});
const words = outcomeWords(config);

/** Medians of `n` won 'big' deals that each spent `days` in Proposal. */
function wonHistory(n: number, days: number): MedianBuilder {
  const history = new MedianBuilder();
  for (let i = 0; i < n; i++)
    history.add(
      dealOf(
        `w${i}`,
        { outcome: 'won', sqoAt: iso(-90), closedAt: iso(-10), stageDays: { Proposal: days } },
        words,
      ),
      'big',
      NOW,
    );
  return history;
}

describe('plays', () => {
  it('picks the first matching play and staggers milestones from the SQO or the previous one', () => {
    const compiled = compilePlays(config);
    expect(choosePlay(compiled, { amount: 80000 }).play?.name).toBe('big');
    expect(choosePlay(compiled, { amount: 100 }).play?.name).toBe('small');
    const big = config.plays[0];
    if (!big) throw new Error('no play');
    expect(scheduleMilestones(big, NOW).map((m) => m.dueAt)).toEqual([iso(7), iso(12)]);
  });
});

describe('the deal evaluator', () => {
  const env = evalEnv(config, NOW, new Map(), new Set());
  it('uses the per-stage staleness threshold, and leaves young deals unscored', () => {
    const fresh = dealOf('a', { stage: 'Negotiation', sqoAt: iso(-1), lastActivityAt: iso(-6) }, words);
    expect(assessDeal(fresh, null, env).level).toBe('unscored');
    const stale = dealOf('b', { stage: 'Negotiation', sqoAt: iso(-30), lastActivityAt: iso(-6) }, words);
    const a = assessDeal(stale, null, env);
    expect(a.signals.find((s) => s.signal === 'stale')).toMatchObject({ fired: true, contribution: 0.35 });
    const early = dealOf('c', { stage: 'Discovery', sqoAt: iso(-30), lastActivityAt: iso(-6) }, words);
    expect(assessDeal(early, null, env).signals.find((s) => s.signal === 'stale')?.fired).toBe(false);
  });

  it('never evaluates a closed deal, and nudges once for an unchanged risk', () => {
    const lost = dealOf('d', { stage: 'Closed Lost', sqoAt: iso(-30), closeDate: iso(-40) }, words);
    expect(evaluateDeal(lost, null, env, iso(0)).assessment).toBeNull();
    const values = { stage: 'Proposal', sqoAt: iso(-30), lastActivityAt: iso(-25), closeDate: iso(-2) };
    const first = evaluateDeal(dealOf('e', values, words), null, env, iso(0));
    expect(first.risk).toMatchObject({ level: 'high', score: 0.65, nudge: true, ignored: 0 });
    const again = evaluateDeal(dealOf('e', { ...values, ...first.patch }, words), null, env, iso(0));
    expect(again.risk).toBeNull();
  });

  it('compares days in stage with the median of won deals of the play', () => {
    const history = wonHistory(5, 10);
    const slow = dealOf('s', { stage: 'Proposal', sqoAt: iso(-40), stageEnteredAt: iso(-20) }, words);
    const r = assessDeal(slow, 'big', evalEnv(config, NOW, history.build(), new Set()));
    expect(r.signals.find((s) => s.signal === 'velocity')).toMatchObject({ fired: true, value: 20 });
  });
});

describe('the cheap pass of the evaluator', () => {
  it('gives every deal the same level, score and dedup key as the full assessment', () => {
    const history = wonHistory(6, 8);
    const milestones = [
      { name: 'validation', taskId: 't1', dueAt: iso(-9) },
      { name: 'close plan', taskId: 't2', dueAt: iso(12) },
    ];
    const env = evalEnv(config, NOW, history.build(), new Set(['t1', 't2']));
    const day = fc.option(fc.integer({ min: -120, max: 60 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          stage: fc.constantFrom('Discovery', 'Proposal', 'Negotiation'),
          sqo: day,
          activity: day,
          entered: day,
          close: day,
          contacts: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
          pushes: fc.integer({ min: 0, max: 5 }),
          planned: fc.boolean(),
          play: fc.constantFrom('big', null),
        }),
        (g) => {
          const values = {
            stage: g.stage,
            ...(g.sqo === undefined ? {} : { sqoAt: iso(g.sqo) }),
            ...(g.activity === undefined ? {} : { lastActivityAt: iso(g.activity) }),
            ...(g.entered === undefined ? {} : { stageEnteredAt: iso(g.entered) }),
            ...(g.close === undefined ? {} : { closeDate: iso(g.close).slice(0, 10) }),
            ...(g.contacts === undefined ? {} : { contactCount: g.contacts }),
            closeDatePushes: g.pushes,
            ...(g.planned ? { pursueMilestones: milestones } : {}),
          };
          const deal = dealOf('d', values, words);
          const full = assessDeal(deal, g.play, env);
          const quick = assessDeal(deal, g.play, env, false);
          expect([quick.level, quick.score, quick.key]).toEqual([full.level, full.score, full.key]);
          expect(quick.signals.map((s) => [s.signal, s.fired, s.contribution, s.bucket])).toEqual(
            full.signals.map((s) => [s.signal, s.fired, s.contribution, s.bucket]),
          );
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

describe('the staleness proposer', () => {
  it('proposes the threshold that best separates lost from won deals, with its backtest', () => {
    const metrics = [
      ...[2, 3, 4, 5, 6].map((d) => ({
        metric: 'stale_backtest',
        label: `Proposal|${d}|won`,
        count: 5,
        sum: 5,
        min: 1,
        max: 1,
      })),
      ...[12, 15, 20].map((d) => ({
        metric: 'stale_backtest',
        label: `Proposal|${d}|lost`,
        count: 8,
        sum: 8,
        min: 1,
        max: 1,
      })),
    ];
    const [finding] = stalenessProposer.evaluate(metrics, {
      ...config,
      signals: { ...config.signals, stale: { ...config.signals.stale, byStage: { Proposal: 3 } } },
    });
    expect(finding?.patch).toEqual([
      { path: 'signals.stale.byStage.Proposal', from: 3, to: 7, bounds: { min: 1, max: 90 } },
    ]);
    const h = new Map([
      [2, { won: 5, lost: 0 }],
      [12, { won: 0, lost: 8 }],
    ]);
    expect(backtestThreshold(h, 7)).toMatchObject({ flaggedWon: 0, flaggedLost: 8, separation: 1 });
  });
});
