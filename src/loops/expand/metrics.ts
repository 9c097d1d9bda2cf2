import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';

const text = (d: DecisionFacts, path: string): string | undefined => {
  const v = getPath(d.output, path);
  return typeof v === 'string' ? v : undefined;
};
const isCustomer = (d: DecisionFacts) => text(d, 'kind') === 'customer';

/** What expand measures: band moves, health scores, potential, plays opened, and scoring volume. */
export const expandMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'band_moves',
    description: 'Customers handed on, by new band (a drop shows as the lower band).',
    kind: 'mix',
    observe: (d) => (isCustomer(d) ? text(d, 'band') : undefined),
  },
  {
    name: 'health_score',
    description: 'Health score of customers handed on.',
    kind: 'value',
    unit: 'points',
    observe: (d) => {
      const v = getPath(d.output, 'score');
      return isCustomer(d) && typeof v === 'number' ? v : undefined;
    },
  },
  {
    name: 'plays_opened',
    description: 'Plays opened, by play.',
    kind: 'mix',
    observe: (d) => {
      const plays = getPath(d.output, 'plays');
      return isCustomer(d) && Array.isArray(plays) && plays.length > 0
        ? plays.map((p) => String(getPath(p, 'play'))).join('+')
        : undefined;
    },
  },
  {
    name: 'customers_scored',
    description: 'Customers scored per scheduled run.',
    kind: 'value',
    unit: 'customers',
    observe: (d) => {
      const v = getPath(d.output, 'scored');
      return text(d, 'kind') === 'scoring' && typeof v === 'number' ? v : undefined;
    },
  },
];
