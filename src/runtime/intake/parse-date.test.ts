import { describe, expect, it } from 'vitest';
import { parseDate } from './parse-date.js';

describe('parseDate', () => {
  it('checks the calendar: leap days, month lengths', () => {
    expect(parseDate('02/29/2024', 'MM/DD/YYYY')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDate('02/29/2025', 'MM/DD/YYYY')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no day 29'),
    });
    expect(parseDate('31.04.2025', 'DD.MM.YYYY')).toMatchObject({ ok: false });
  });

  it('reads ISO dates, instants with offsets, and instants without a zone as UTC', () => {
    expect(parseDate('2025-01-31')).toEqual({ ok: true, value: '2025-01-31' });
    expect(parseDate('2025-01-31T23:30:00-01:00')).toEqual({ ok: true, value: '2025-02-01T00:30:00.000Z' });
    expect(parseDate('2025-01-31 08:15')).toEqual({ ok: true, value: '2025-01-31T08:15:00.000Z' });
    expect(parseDate(' 2025-01-31T08:15:00.250Z ')).toEqual({ ok: true, value: '2025-01-31T08:15:00.250Z' });
    expect(parseDate('31/01/2025')).toEqual({ ok: false, reason: '"31/01/2025" is not an ISO-8601 date' });
    expect(parseDate('2025-02-30')).toMatchObject({ ok: false });
  });

  it('reads times in a pattern and refuses impossible ones', () => {
    expect(parseDate('2025-01-31 9:05:07', 'YYYY-MM-DD HH:mm:ss')).toEqual({
      ok: true,
      value: '2025-01-31T09:05:07.000Z',
    });
    expect(parseDate('2025-01-31 24:00:00', 'YYYY-MM-DD HH:mm:ss')).toMatchObject({ ok: false });
  });

  it('treats pattern separators literally, not as regular expression syntax', () => {
    expect(parseDate('2025.01.31', 'YYYY.MM.DD')).toEqual({ ok: true, value: '2025-01-31' });
    expect(parseDate('2025x01x31', 'YYYY.MM.DD')).toMatchObject({ ok: false });
  });
});
