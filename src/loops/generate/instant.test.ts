import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantOf } from './instant.js';

describe('instantOf', () => {
  // A server far from UTC: a reading that depended on it would move by eight hours.
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/Los_Angeles';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('reads a date and time without an offset as UTC, as import does, whatever the zone of the machine', () => {
    expect(instantOf('2026-02-05 10:00')).toBe(Date.UTC(2026, 1, 5, 10, 0));
    expect(instantOf('2026-02-05T10:00:30.5')).toBe(Date.UTC(2026, 1, 5, 10, 0, 30, 500));
    expect(instantOf(' 2026-02-05T10:00 ')).toBe(Date.UTC(2026, 1, 5, 10, 0));
  });

  it('keeps an offset and reads a bare date as midnight UTC', () => {
    expect(instantOf('2026-03-01T10:00:00-05:00')).toBe(Date.UTC(2026, 2, 1, 15, 0));
    expect(instantOf('2026-03-01T10:00:00.000Z')).toBe(Date.UTC(2026, 2, 1, 10, 0));
    expect(instantOf('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
  });

  it('names no instant for text that is not a date, or a value that is not text', () => {
    expect(instantOf('02/20/2026 nonsense')).toBeNaN();
    expect(instantOf('')).toBeNaN();
    expect(instantOf(null)).toBeNaN();
    expect(instantOf(1_700_000_000_000)).toBeNaN();
  });
});
