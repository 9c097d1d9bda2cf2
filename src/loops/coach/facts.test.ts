import { afterEach, describe, expect, it } from 'vitest';
import { CoachConfig } from './config.js';
import { dealFacts, leadFacts } from './facts.js';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

const assignedAt = (text: string) => leadFacts({ ownerId: 'u-a', assignedAt: text })?.assignedAt ?? null;

describe('instants in records', () => {
  it('reads a date-time without an offset as UTC, whatever zone the server runs in', () => {
    for (const tz of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles']) {
      process.env.TZ = tz;
      expect(assignedAt('2026-11-20T09:00:00')).toBe(Date.parse('2026-11-20T09:00:00Z'));
      expect(assignedAt('2026-11-20 09:00')).toBe(Date.parse('2026-11-20T09:00:00Z'));
    }
  });

  it('keeps an offset, reads a bare date as UTC midnight, and reads no instant from other text', () => {
    expect(assignedAt('2026-11-20T10:00:00+09:00')).toBe(Date.parse('2026-11-20T01:00:00Z'));
    expect(assignedAt('2026-11-20T09:00:00.123Z')).toBe(Date.parse('2026-11-20T09:00:00.123Z'));
    expect(assignedAt('2026-11-20')).toBe(Date.parse('2026-11-20T00:00:00Z'));
    expect(assignedAt('11/20/2026 09:00')).toBeNull();
    const words = CoachConfig.parse({}).outcomes;
    const deal = dealFacts(
      'o1',
      { status: 'won', sqoAt: '2026-11-01 08:00', closedAt: '2026-11-11' },
      words,
      null,
    );
    expect(deal.closedAt !== null && deal.startedAt !== null ? deal.closedAt - deal.startedAt : null).toBe(
      (10 * 24 - 8) * 3_600_000,
    );
  });
});
