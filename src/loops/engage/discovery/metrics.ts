import { type DecisionFacts, getPath, type MetricSpec } from '../../../kernel/index.js';

const isDiscovery = (d: DecisionFacts): boolean => getPath(d.output, 'kind') === 'discovery';

/**
 * What discovery measures, for the engage loop's metrics: outcomes (SQO, nurture, hold, review),
 * framework coverage, and which dimensions are most often left without evidence (where reps need
 * coaching or the framework's cues need work). Mix metrics count one label per decision, so the
 * gap metric labels the first dimension missing in framework order.
 */
export const discoveryMetrics: readonly MetricSpec[] = [
  {
    name: 'discovery_outcome',
    description: 'Discovery decisions per outcome: sqo, nurture, hold, review, skipped.',
    kind: 'mix',
    observe: (d) => {
      if (!isDiscovery(d)) return undefined;
      const o = getPath(d.output, 'outcome');
      return typeof o === 'string' ? o : undefined;
    },
  },
  {
    name: 'discovery_coverage',
    description: 'Share of the framework dimensions the call notes evidenced.',
    kind: 'value',
    unit: 'ratio',
    observe: (d) => {
      const v = isDiscovery(d) ? getPath(d.output, 'coverage.share') : undefined;
      return typeof v === 'number' ? v : undefined;
    },
  },
  {
    name: 'discovery_first_gap',
    description: 'The first framework dimension without evidence (missing or contradicted), per decision.',
    kind: 'mix',
    observe: (d) => {
      if (!isDiscovery(d)) return undefined;
      const dims = getPath(d.output, 'dimensions');
      if (!Array.isArray(dims)) return undefined;
      const gap = dims.find((x) => getPath(x, 'status') !== 'evidenced');
      const key = gap === undefined ? undefined : getPath(gap, 'key');
      return typeof key === 'string' ? key : undefined;
    },
  },
];
