import { describe, expect, it } from 'vitest';
import { firstStart, sendTimes } from './send-times.js';

describe('send times', () => {
  it('starts today while the send time is ahead, else on the next working day', () => {
    expect(firstStart(new Date('2026-11-02T15:00:00Z'), '09:00', 'America/Denver', true)).toBe('2026-11-02');
    expect(firstStart(new Date('2026-11-02T17:05:00Z'), '09:00', 'America/Denver', true)).toBe('2026-11-03');
    expect(firstStart(new Date('2026-11-06T20:00:00Z'), '09:00', 'America/Denver', true)).toBe('2026-11-09');
    expect(firstStart(new Date('2026-11-06T20:00:00Z'), '09:00', 'America/Denver', false)).toBe('2026-11-07');
  });

  it('spaces the emails in working days when weekends are skipped', () => {
    expect(sendTimes('2026-11-03', [0, 3, 4], '09:00', 'America/Denver', true)).toEqual([
      '2026-11-03T16:00:00.000Z',
      '2026-11-06T16:00:00.000Z',
      '2026-11-12T16:00:00.000Z',
    ]);
    expect(sendTimes('2026-11-03', [0, 3, 4], '09:00', 'America/Denver', false).at(-1)).toBe(
      '2026-11-10T16:00:00.000Z',
    );
  });
});
