import { describe, expect, it } from 'vitest';
import { normalise } from './calibrate.js';
import { compileHealth, scoreHealth } from './health.js';
import { HealthConfig } from './health-config.js';
import { nextHealth } from './history.js';

const health = HealthConfig.parse({
  measures: [
    {
      name: 'seats',
      group: 'adoption',
      weight: 60,
      field: 'used',
      per: 'bought',
      bands: [
        { min: 0.8, points: 100 },
        { min: 0, points: 20 },
      ],
      missing: 40,
    },
    {
      name: 'tickets',
      group: 'support',
      weight: 40,
      field: 'tickets',
      bands: [
        { min: 5, points: 0 },
        { min: 0, points: 100 },
      ],
    },
  ],
  bands: [
    { name: 'good', min: 70 },
    { name: 'poor', min: 0 },
  ],
});
const model = compileHealth(health);
const DAY = 86_400_000;

describe('health score', () => {
  it('weights each measure’s band points into a score out of 100, with group subtotals', () => {
    const r = scoreHealth(model, { used: 9, bought: 10, tickets: 6 });
    expect(r.score).toBe(60);
    expect(r.band).toBe('poor');
    expect(r.groups).toEqual({ adoption: 60, support: 0 });
    expect(r.measures.map((m) => [m.name, m.value, m.points])).toEqual([
      ['seats', 0.9, 100],
      ['tickets', 6, 0],
    ]);
    expect(scoreHealth(model, { tickets: 1 }).score).toBe(64); // seats unknown: 40 missing points
  });

  it('refuses weights that do not add up to 100', () => {
    const bad = HealthConfig.safeParse({ ...health, measures: [{ ...health.measures[0], weight: 50 }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('add up to 50, expected 100');
  });

  it('keeps a trend against the week-old point and a weekly history', () => {
    const now = Date.parse('2026-02-01T00:00:00Z');
    const values = {
      health: { band: 'good', history: [{ at: new Date(now - 8 * DAY).toISOString(), score: 90 }] },
    };
    const s = nextHealth(
      health,
      values,
      scoreHealth(model, { used: 9, bought: 10, tickets: 6 }),
      now,
      new Date(now).toISOString(),
    );
    expect(s).toMatchObject({ score: 60, change: -30, trend: 'down', drop: 30, previousBand: 'good' });
    expect(s.history.map((p) => p.score)).toEqual([90, 60]);
  });

  it('normalises fitted weights to whole numbers adding up to 100 with a floor', () => {
    const w = normalise([3, 1, 0, -2], 2);
    expect(w.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.min(...w)).toBe(2);
    expect(w[0]).toBeGreaterThan(w[1] ?? 0);
  });
});
