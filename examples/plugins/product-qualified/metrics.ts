import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from 'revloops';

const at = (d: DecisionFacts, path: string) => getPath(d.output, path);
const scored = (d: DecisionFacts) => at(d, 'kind') === 'scored';
const pqlOutcome = (d: DecisionFacts) => at(d, 'kind') === 'outcome' && at(d, 'pql') === true;

/**
 * What the loop measures: accounts scored by status, PQLs handed off and their grades, PQLs that
 * converted and how long that took, and the score of each PQL (for conversion by score).
 */
export const pqlMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'status',
    description: 'Scored usage events, by the account status after them (pql, below, already-pql, rearmed).',
    kind: 'mix',
    observe: (d) => (scored(d) ? String(at(d, 'status')) : undefined),
  },
  {
    name: 'pqls',
    description: 'Accounts handed to route as product-qualified leads.',
    kind: 'count',
    observe: (d) => scored(d) && at(d, 'handedOff') === true,
  },
  {
    name: 'pql_grade',
    description: 'PQLs handed off, by grade.',
    kind: 'mix',
    observe: (d) => (scored(d) && at(d, 'handedOff') === true ? String(at(d, 'grade')) : undefined),
  },
  {
    name: 'conversions',
    description: 'Product-qualified leads that converted.',
    kind: 'count',
    observe: pqlOutcome,
  },
  {
    name: 'days_to_convert',
    description: 'Days from handoff to conversion of a PQL.',
    kind: 'value',
    unit: 'days',
    observe: (d) => {
      const v = at(d, 'daysToConvert');
      return pqlOutcome(d) && typeof v === 'number' ? v : undefined;
    },
  },
  {
    name: 'account_score',
    description: 'The account score after each usage event.',
    kind: 'value',
    unit: 'points',
    observe: (d) => {
      const v = at(d, 'score');
      return scored(d) && typeof v === 'number' ? v : undefined;
    },
  },
];
