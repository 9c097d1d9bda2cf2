import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';

function outputNumber(d: DecisionFacts, key: string): number | undefined {
  const v = getPath(d.output, key);
  return typeof v === 'number' ? v : undefined;
}

/** The fit-coverage step of a decision's trace: how many fit factors found a value. */
function fitCoverage(d: DecisionFacts): { known: number; total: number } | undefined {
  const step = d.trace.find((t) => t.kind === 'step' && t.name === 'fit-coverage');
  const known = getPath(step, 'detail.known');
  const total = getPath(step, 'detail.total');
  return typeof known === 'number' && typeof total === 'number' ? { known, total } : undefined;
}

/** What qualify measures: volume and latency, the grade mix, the score and how often fit data is missing. */
export const qualifyMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'grade',
    description: 'Leads per grade: the grade mix. Its shares are what the grade drift monitor watches.',
    kind: 'mix',
    observe: (d) => {
      const g = getPath(d.output, 'grade');
      return typeof g === 'string' ? g : undefined;
    },
  },
  {
    name: 'score',
    description: 'Total score; sum / count is the average score.',
    kind: 'value',
    unit: 'points',
    observe: (d) => outputNumber(d, 'score'),
  },
  {
    name: 'score_histogram',
    description:
      'Leads per whole score (label = score): the distribution a threshold proposal is computed from.',
    kind: 'mix',
    observe: (d) => {
      const s = outputNumber(d, 'score');
      return s === undefined ? undefined : String(Math.floor(s));
    },
  },
  {
    name: 'fit_score',
    description: 'Fit group points after its cap; sum / count is the average fit.',
    kind: 'value',
    unit: 'points',
    observe: (d) => outputNumber(d, 'fit'),
  },
  {
    name: 'no_fit_data',
    description:
      'Leads for which no fit factor found a value; divided by decisions, the share with no fit data.',
    kind: 'count',
    observe: (d) => {
      const c = fitCoverage(d);
      return c !== undefined && c.total > 0 && c.known === 0;
    },
  },
];
