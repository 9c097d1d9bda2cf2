import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';

const kind = (d: DecisionFacts): unknown => getPath(d.output, 'kind');
const list = (d: DecisionFacts, path: string): string[] => {
  const v = getPath(d.output, path);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

/**
 * What coach measures: rep reviews, the patterns found, new metric moves alerted, reviews that alerted (what the alert
 * threshold proposer reads), coaching tasks, manager digests and territory skill gaps.
 */
export const coachMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'rep_reviews',
    description: 'Reps reviewed (one decision per rep per run).',
    kind: 'count',
    observe: (d) => kind(d) === 'rep',
  },
  {
    name: 'patterns_found',
    description:
      'Rep reviews by the patterns they found, names joined by + in config order (none: no pattern).',
    kind: 'mix',
    observe: (d) => (kind(d) === 'rep' ? list(d, 'patterns').join('+') || 'none' : undefined),
  },
  {
    name: 'patterns_new',
    description: 'Rep reviews that found at least one new pattern (and created coaching tasks).',
    kind: 'count',
    observe: (d) => kind(d) === 'rep' && list(d, 'newPatterns').length > 0,
  },
  {
    name: 'coaching_tasks',
    description: 'Coaching tasks created for managers.',
    kind: 'value',
    unit: 'tasks',
    observe: (d) => (kind(d) === 'rep' ? list(d, 'tasks').length : undefined),
  },
  {
    name: 'alerted_reviews',
    description: 'Rep reviews that alerted a manager to at least one new metric move.',
    kind: 'count',
    observe: (d) => kind(d) === 'rep' && list(d, 'newAlerts').length > 0,
  },
  {
    name: 'alerts',
    description: 'Rep reviews that alerted, by the new moves (metric:basis:direction, joined by +).',
    kind: 'mix',
    observe: (d) => (kind(d) === 'rep' ? list(d, 'newAlerts').join('+') || undefined : undefined),
  },
  {
    name: 'digests',
    description: 'Weekly coaching digests sent to managers.',
    kind: 'count',
    observe: (d) => kind(d) === 'digest',
  },
  {
    name: 'skill_gaps',
    description: 'Territory skill gaps found per weekly review.',
    kind: 'value',
    unit: 'gaps',
    observe: (d) => {
      const gaps = getPath(d.output, 'skillGaps');
      return kind(d) === 'review' && Array.isArray(gaps) ? gaps.length : undefined;
    },
  },
];
