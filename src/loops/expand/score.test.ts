import { describe, expect, it } from 'vitest';
import { usageTrends } from './score.js';

const row = (customerId: string, period: string, value: number) => ({
  values: { customerId, metric: 'active-users', period, value },
});

describe('usageTrends', () => {
  it('ignores periods that start after now: with one period left the trend is unknown', () => {
    const rows = [row('c1', '2025-02', 10), row('c1', '2025-03', 20), row('c1', '2025-04', 5)];
    expect(usageTrends(rows).get('c1')).toBe(-0.75);
    expect(usageTrends(rows, Date.parse('2025-03-15T00:00:00Z')).get('c1')).toBe(1);
    expect(usageTrends(rows, Date.parse('2025-02-15T00:00:00Z')).has('c1')).toBe(false);
  });

  it('reads 0 → 0 as flat and 0 → more as a rise', () => {
    const trends = usageTrends([
      row('flat', '2025-01', 0),
      row('flat', '2025-02', 0),
      row('rise', '2025-01', 0),
      row('rise', '2025-02', 7),
    ]);
    expect(trends.get('flat')).toBe(0);
    expect(trends.get('rise')).toBe(1);
  });
});
