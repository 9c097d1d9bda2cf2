import { describe, expect, it } from 'vitest';
import { isTimeZone, localTime, zonedInstant } from './time-zones.js';

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
});
