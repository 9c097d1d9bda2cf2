import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';

const text = (d: DecisionFacts, path: string): string | undefined => {
  const v = getPath(d.output, path);
  return typeof v === 'string' ? v : undefined;
};
const isStatus = (d: DecisionFacts) => text(d, 'kind') === 'status';

/**
 * What onboard measures: plans started by plan, status changes by status, time to value per plan,
 * nudges and escalations, and how many at-risk or late customers came back on track.
 */
export const onboardMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'plans_started',
    description: 'Onboarding plans started, by plan.',
    kind: 'mix',
    observe: (d) => (text(d, 'kind') === 'plan' ? (text(d, 'plan') ?? 'no-plan') : undefined),
  },
  {
    name: 'status_changes',
    description: 'Onboarding status changes, by the new status.',
    kind: 'mix',
    observe: (d) => (isStatus(d) ? text(d, 'status') : undefined),
  },
  {
    name: 'days_to_value',
    description: 'Days from close to onboarded (waiting on the customer taken out).',
    kind: 'value',
    unit: 'days',
    observe: (d) => {
      const v = getPath(d.output, 'daysToValue');
      return isStatus(d) && typeof v === 'number' ? v : undefined;
    },
  },
  {
    name: 'recovered',
    description: 'Customers back on track after being at risk or late.',
    kind: 'count',
    observe: (d) => isStatus(d) && text(d, 'status') === 'on-track' && text(d, 'previous') !== null,
  },
  {
    name: 'escalations',
    description: 'Status changes escalated to a manager.',
    kind: 'count',
    observe: (d) => d.effects.some((e) => e.kind === 'escalation'),
  },
];
