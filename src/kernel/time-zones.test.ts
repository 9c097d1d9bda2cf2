import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimeZone, localTime, localTimeUncached, zonedInstant } from './time-zones.js';

describe('time zones', () => {
  it('finds the instant of a local time on either side of a daylight-saving change', () => {
    expect(zonedInstant('2026-10-30', '09:00', 'America/Denver').toISOString()).toBe(
      '2026-10-30T15:00:00.000Z',
    );
    expect(zonedInstant('2026-11-02', '09:00', 'America/Denver').toISOString()).toBe(
      '2026-11-02T16:00:00.000Z',
    );
    expect(zonedInstant('2026-07-01', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
  });

  it('reads an instant as a person in the zone sees it, and knows the zones it can read', () => {
    expect(localTime(new Date('2026-11-02T17:05:00Z'), 'America/New_York')).toEqual({
      date: '2026-11-02',
      weekday: 'mon',
      minutes: 12 * 60 + 5,
    });
    expect(localTime(new Date('2026-11-02T23:30:00Z'), 'Europe/Berlin').weekday).toBe('tue');
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('reads every instant as the time-zone database does, across offset changes and odd offsets', () => {
    const zones = [
      'UTC',
      'America/New_York',
      'America/St_Johns',
      'Europe/London',
      'Europe/Berlin',
      'Asia/Kathmandu',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Pacific/Apia',
      'Africa/Casablanca',
    ];
    // Every minute around this year's and a past year's changes in each zone, read in random order.
    const instants: number[] = [];
    for (const at of [
      '2026-03-08T07:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-04-05T15:00:00Z',
      '2026-10-04T02:00:00Z',
      '2011-12-29T10:00:00Z',
      '1970-01-01T00:00:00Z',
    ])
      for (let m = -120; m <= 120; m++) instants.push(Date.parse(at) + m * 60_000 + (m % 7) * 1_000);
    for (const zone of zones)
      for (const t of instants)
        expect(localTime(new Date(t), zone)).toEqual(localTimeUncached(new Date(t), zone));
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('1890-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
        (zone, t) => {
          expect(localTime(new Date(t), zone)).toEqual(localTimeUncached(new Date(t), zone));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
