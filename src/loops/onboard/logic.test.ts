import { describe, expect, it } from 'vitest';
import { OnboardConfig } from './config.js';
import { DAY, evaluate } from './logic.js';
import type { OnboardingState } from './state.js';

const config = OnboardConfig.parse({
  schedule: { cron: '0 7 * * *' },
  plans: [
    {
      name: 'p',
      milestones: [
        { name: 'kickoff', dueDays: 5 },
        { name: 'first value', dueDays: 20 },
      ],
      ramp: [{ metric: 'users', day: 10, target: 10 }],
      exit: { milestones: ['first value'], usage: [{ metric: 'users', min: 10 }] },
    },
  ],
});
const plan = config.plans[0] as (typeof config.plans)[number];
const start = Date.parse('2026-01-01T00:00:00.000Z');
const state = (over: Partial<OnboardingState> = {}): OnboardingState => ({
  plan: 'p',
  opportunityId: 'o',
  startedAt: new Date(start).toISOString(),
  active: true,
  status: 'on-track',
  statusSince: new Date(start).toISOString(),
  signals: {},
  waitingSince: null,
  waitedDays: 0,
  milestones: plan.milestones.map((m) => ({
    name: m.name,
    owner: m.owner,
    assignee: `u-${m.name}`,
    dueAt: new Date(start + m.dueDays * DAY).toISOString(),
    taskId: m.name,
    doneAt: null,
  })),
  onboardedAt: null,
  ...over,
});

describe('onboarding evaluation', () => {
  it('is on track before any target, at risk once a milestone is overdue, late past the grace days', () => {
    expect(evaluate(config, plan, state(), new Map(), start + 2 * DAY).status).toBe('on-track');
    const risk = evaluate(config, plan, state(), new Map(), start + 6 * DAY);
    expect(risk.status).toBe('at-risk');
    expect(risk.owner).toBe('u-kickoff');
    expect(risk.moved).toEqual(['milestone:kickoff']);
    expect(evaluate(config, plan, state(), new Map(), start + 9 * DAY).status).toBe('late');
  });

  it('grades usage against the ramp target in force, within the tolerance', () => {
    const done = state();
    for (const m of done.milestones) if (m.name === 'kickoff') m.doneAt = new Date(start).toISOString();
    expect(evaluate(config, plan, done, new Map([['users', 7]]), start + 11 * DAY).status).toBe('at-risk');
    expect(evaluate(config, plan, done, new Map([['users', 8]]), start + 11 * DAY).status).toBe('on-track');
  });

  it('takes time waited on the customer out of the clock when config pauses timers', () => {
    const waiting = state({ waitedDays: 4 });
    expect(evaluate(config, plan, waiting, new Map(), start + 8 * DAY).status).toBe('on-track');
    const noPause = OnboardConfig.parse({ ...config, pauseWhileWaiting: false });
    expect(evaluate(noPause, plan, waiting, new Map(), start + 8 * DAY).status).toBe('at-risk');
  });

  it('is onboarded when the exit milestones are done and adoption is reached', () => {
    const s = state();
    for (const m of s.milestones) if (m.name === 'first value') m.doneAt = new Date(start).toISOString();
    expect(evaluate(config, plan, s, new Map([['users', 9]]), start + 30 * DAY).status).toBe('late');
    expect(evaluate(config, plan, s, new Map([['users', 10]]), start + 30 * DAY).status).toBe('onboarded');
  });
});
