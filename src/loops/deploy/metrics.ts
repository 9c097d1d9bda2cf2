import { baseMetrics, getPath, type MetricSpec } from '../../kernel/index.js';

/** The separator of a move label (person>territory); ids never contain it. */
export const MOVE_SEPARATOR = '>';

/** What deploy measures: plan sizes, pending matches, and the moves drift checks suggest. */
export const deployMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'pending_matches',
    description: 'Accounts a plan could not place for sure (sent to review on apply).',
    kind: 'value',
    unit: 'accounts',
    observe: (d) => {
      const p = getPath(d.output, 'pending');
      return Array.isArray(p) ? p.length : undefined;
    },
  },
  {
    name: 'suggested_move',
    description: 'Moves drift checks suggested, as person>territory.',
    kind: 'mix',
    observe: (d) => {
      const person = getPath(d.output, 'move.person');
      const territory = getPath(d.output, 'move.territory');
      return typeof person === 'string' && typeof territory === 'string'
        ? `${person}${MOVE_SEPARATOR}${territory}`
        : undefined;
    },
  },
];
