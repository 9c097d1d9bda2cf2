import { describe, expect, it } from 'vitest';
import { fixedClock, seededRandom } from './determinism.js';

const draw = (seed: number, n: number): number[] => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(42, 200)).toEqual(draw(42, 200));
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a.int(10), a.pick(['x', 'y', 'z']), a.next()]).toEqual([
      b.int(10),
      b.pick(['x', 'y', 'z']),
      b.next(),
    ]);
  });

  it('gives the pinned sequence on every machine, so stored seeds replay', () => {
    // Changing the generator would change every replayed decision: these values must not move.
    expect(draw(42, 3)).toEqual([0.23955312534235418, 0.5859209857881069, 0.09323416277766228]);
    expect(draw(0, 2)).toEqual([0.9791452463250607, 0.8250711336731911]);
    expect(draw(2 ** 31 - 2, 1)).toEqual([0.5335695394314826]);
  });

  it('gives different sequences for different seeds', () => {
    const sequences = [0, 1, 2, 42, 43, 2 ** 31 - 2].map((seed) => draw(seed, 8).join(','));
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it('takes the seed as an unsigned 32-bit integer', () => {
    expect(draw(-1, 5)).toEqual(draw(2 ** 32 - 1, 5));
    expect(draw(2 ** 32 + 5, 5)).toEqual(draw(5, 5));
  });

  it('draws floats in [0, 1), spread evenly', () => {
    const values = draw(123, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const tenths = new Set(values.map((v) => Math.floor(v * 10)));
    expect(tenths.size).toBe(10);
  });

  it('draws integers in [0, n) and reaches every one', () => {
    const r = seededRandom(9);
    const seen = new Set<number>();
    for (let i = 0; i < 600; i++) {
      const v = r.int(6);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.int(1)).toBe(0);
  });

  it('picks every element of a list, and the only one of a single-element list', () => {
    const r = seededRandom(11);
    const items = ['a', 'b', 'c', 'd'] as const;
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(r.pick(items));
    expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(r.pick([{ only: true }])).toEqual({ only: true });
  });

  it('refuses to pick from an empty list', () => {
    expect(() => seededRandom(1).pick([])).toThrow(RangeError);
    expect(() => seededRandom(1).pick([])).toThrow('non-empty');
  });
});

describe('fixedClock', () => {
  it('stays at the instant it was given, as a string or a Date', () => {
    const iso = '2025-03-01T10:15:30.250Z';
    for (const clock of [fixedClock(iso), fixedClock(new Date(iso))]) {
      expect(clock.iso()).toBe(iso);
      expect(clock.now().getTime()).toBe(Date.parse(iso));
      expect(clock.now().toISOString()).toBe(clock.iso());
    }
  });

  it('hands out copies, so a caller cannot move the clock', () => {
    const source = new Date('2025-03-01T10:00:00.000Z');
    const clock = fixedClock(source);
    source.setUTCFullYear(2030);
    const first = clock.now();
    first.setUTCHours(23);
    expect(clock.now()).not.toBe(first);
    expect(clock.iso()).toBe('2025-03-01T10:00:00.000Z');
  });

  it('normalizes an offset time to UTC', () => {
    expect(fixedClock('2025-03-01T12:00:00+02:00').iso()).toBe('2025-03-01T10:00:00.000Z');
  });
});
