import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from './determinism.js';
import { parseInstant } from './instants.js';

describe('parseInstant', () => {
  // Date.parse is the reference where it reads no local time: in UTC its local times are UTC too.
  const zone = process.env.TZ;
  const restore = () => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  };
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(restore);

  it('reads a date and time without an offset as UTC whatever the zone of the machine', () => {
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(parseInstant('2026-02-05 10:00')).toBe(Date.UTC(2026, 1, 5, 10, 0));
      expect(parseInstant('2026-02-05T10:00:30.5')).toBe(Date.UTC(2026, 1, 5, 10, 0, 30, 500));
      expect(parseInstant('2026-03-01T10:00:00-05:00')).toBe(Date.UTC(2026, 2, 1, 15, 0));
      expect(parseInstant('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
      expect(parseInstant('2026-02-05T10:00:00')).not.toBe(Date.parse('2026-02-05T10:00:00'));
    } finally {
      process.env.TZ = 'UTC';
    }
  });

  it('reads every date and UTC date-time as Date.parse does, across the calendar', () => {
    const rng = seededRandom(7);
    const wrong: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      // Any instant from year 0 to 9999, including leap days and the ends of months.
      const t = Math.floor((rng.int(1_000_000) / 1_000_000) * 315_537_897_599_999) - 62_167_219_200_000;
      const text = new Date(t).toISOString();
      for (const s of [text, text.slice(0, 10), `${text.slice(0, 19)}Z`])
        if (!Object.is(parseInstant(s), Date.parse(s))) wrong.push(s);
    }
    expect(wrong).toEqual([]);
  });

  it('answers as Date.parse on near misses, other shapes and nonsense', () => {
    const cases = [
      '2026-02-30',
      '2026-02-31T00:00:00.000Z',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T23:60:00.000Z',
      '2026-01-01T23:59:60.000Z',
      '2026-01-01T12:00:00.000+02:00',
      '2026-01-01T12:00:00',
      '2026-01-01 12:00:00Z',
      '2026-01-01T12:00:00.5Z',
      '2026-1-01',
      '20260101',
      '2026/01/01',
      '+002026-01-01',
      'abcd-ef-gh',
      '2026-01-0a',
      '2026-01-01T1a:00:00.000Z',
      '2026-01-01T12:00:00,000Z',
      'Tue, 24 Nov 2026 14:00:00 GMT',
      'November 24, 2026',
      '',
      ' 2026-01-01',
    ];
    for (const s of cases) expect(parseInstant(s), s).toBe(Date.parse(s));
  });

  it('matches Date.parse on random texts over the characters of ISO dates', () => {
    const rng = seededRandom(11);
    const alphabet = '0123456789-:TZ.+ ';
    const base = ['2026-03-14', '2026-03-14T15:09:26.535Z', '2026-03-14T15:09:26Z'];
    const wrong: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const chars = (base[rng.int(base.length)] as string).split('');
      // One to three characters changed: most of these are near misses of the shapes read fast.
      for (let k = 0, n = 1 + rng.int(3); k < n; k++)
        chars[rng.int(chars.length)] = alphabet[rng.int(alphabet.length)] as string;
      const s = chars.join('');
      if (!Object.is(parseInstant(s), Date.parse(s))) wrong.push(s);
    }
    expect(wrong).toEqual([]);
  });
});
