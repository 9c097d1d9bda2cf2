import { describe, expect, it } from 'vitest';
import { dueTicks, ticksToFire } from './scheduler.js';

const hourly = { cron: '0 * * * *', timezone: 'UTC', catchUp: 'latest' as const };
const d = (iso: string) => new Date(iso);

describe('schedule ticks', () => {
  it('lists the ticks due after the last one, up to now', () => {
    expect(
      dueTicks(hourly, d('2026-01-01T10:00:00Z'), d('2026-01-01T13:30:00Z')).map((t) => t.toISOString()),
    ).toEqual(['2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z', '2026-01-01T13:00:00.000Z']);
  });

  it('reads cron in the schedule time zone, across a DST change', () => {
    const ny = { cron: '0 6 * * *', timezone: 'America/New_York', catchUp: 'all' as const };
    const ticks = dueTicks(ny, d('2026-03-07T00:00:00Z'), d('2026-03-09T12:00:00Z')).map((t) =>
      t.toISOString(),
    );
    expect(ticks).toEqual([
      '2026-03-07T11:00:00.000Z',
      '2026-03-08T10:00:00.000Z',
      '2026-03-09T10:00:00.000Z',
    ]);
  });

  it('applies the catch-up policy after downtime', () => {
    const due = dueTicks(hourly, d('2026-01-01T10:00:00Z'), d('2026-01-01T13:30:00Z'));
    const now = d('2026-01-01T13:30:00Z');
    expect(ticksToFire(due, 'all', now)).toHaveLength(3);
    expect(ticksToFire(due, 'latest', now).map((t) => t.toISOString())).toEqual(['2026-01-01T13:00:00.000Z']);
    expect(ticksToFire(due, 'none', now)).toEqual([]);
    expect(ticksToFire(due, 'none', d('2026-01-01T13:01:00Z'))).toHaveLength(1);
    expect(ticksToFire([], 'all', now)).toEqual([]);
  });
  it('after a long outage the newest ticks are due, not the first thousand after the last one', () => {
    const after = d('2025-06-01T00:00:00Z');
    const now = d('2027-01-05T10:30:00Z');
    const due = dueTicks(hourly, after, now);
    expect(due).toHaveLength(1001);
    expect(due.at(-1)?.toISOString()).toBe('2027-01-05T10:00:00.000Z');
    expect(due[0]?.toISOString()).toBe('2026-11-24T18:00:00.000Z');
    expect(ticksToFire(due, 'latest', now).map((t) => t.toISOString())).toEqual(['2027-01-05T10:00:00.000Z']);
    expect(ticksToFire(due, 'all', now)).toHaveLength(1000);
    const few = dueTicks(hourly, d('2027-01-05T07:30:00Z'), now);
    expect(few.map((t) => t.toISOString())).toEqual([
      '2027-01-05T08:00:00.000Z',
      '2027-01-05T09:00:00.000Z',
      '2027-01-05T10:00:00.000Z',
    ]);
  });
});
