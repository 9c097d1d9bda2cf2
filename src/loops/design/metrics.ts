import { baseMetrics, getPath, type MetricSpec } from '../../kernel/index.js';

/** What design measures of its models: overall coverage and how many parts sit outside the band. */
export const designMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'coverage',
    description: 'Capacity over target of each modeled scenario.',
    kind: 'value',
    unit: 'ratio',
    observe: (d) => {
      const v = getPath(d.output, 'total.coverage');
      return typeof v === 'number' ? v : undefined;
    },
  },
  {
    name: 'flags',
    description: 'Segments and territories outside the coverage band, per model.',
    kind: 'value',
    unit: 'parts',
    observe: (d) => {
      const v = getPath(d.output, 'flags');
      return Array.isArray(v) ? v.length : undefined;
    },
  },
];
