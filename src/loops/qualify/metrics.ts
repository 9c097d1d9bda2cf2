import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';

/** True for the decision of an outcome event (converted, won, lost) rather than a scored lead. */
function isOutcome(d: DecisionFacts): boolean {
  return typeof getPath(d.output, 'outcome') === 'string';
}

/** A number of a scored lead's output (undefined for outcome decisions). */
function outputNumber(d: DecisionFacts, key: string): number | undefined {
  if (isOutcome(d)) return undefined;
  const v = getPath(d.output, key);
  return typeof v === 'number' ? v : undefined;
}

/** A text field of the output, when the decision is (or is not) an outcome. */
function outputText(d: DecisionFacts, key: string, outcome: boolean): string | undefined {
  if (isOutcome(d) !== outcome) return undefined;
  const v = getPath(d.output, key);
  return typeof v === 'string' ? v : undefined;
}

/** The fit-coverage step of a decision's trace: how many fit factors found a value. */
function fitCoverage(d: DecisionFacts): { known: number; total: number } | undefined {
  const step = d.trace.find((t) => t.kind === 'step' && t.name === 'fit-coverage');
  const known = getPath(step, 'detail.known');
  const total = getPath(step, 'detail.total');
  return typeof known === 'number' && typeof total === 'number' ? { known, total } : undefined;
}

/**
 * What qualify measures: volume and latency, the grade mix, the score, how often fit data is
 * missing, how enrichment went, and the outcomes of scored leads by grade and score.
 */
export const qualifyMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'grade',
    description: 'Leads per grade: the grade mix. Its shares are what the grade drift monitor watches.',
    kind: 'mix',
    observe: (d) => outputText(d, 'grade', false),
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
  {
    name: 'enrichment',
    description: 'Leads per enrichment status: enriched, unenriched, review or skipped.',
    kind: 'mix',
    observe: (d) => outputText(d, 'enrichment.status', false),
  },
  {
    name: 'enrichment_provider',
    description: 'Enriched leads per provider whose company was matched.',
    kind: 'mix',
    observe: (d) => outputText(d, 'enrichment.provider', false),
  },
  {
    name: 'provider_unavailable',
    description: 'Leads for which a provider was unavailable (timeout, error), per provider.',
    kind: 'mix',
    observe: (d) => {
      const step = d.trace.find((t) => t.kind === 'step' && t.name === 'provider-unavailable');
      const p = getPath(step, 'detail.provider');
      return typeof p === 'string' ? p : undefined;
    },
  },
  {
    name: 'outcome',
    description:
      'Outcome events per grade the lead had (label grade:outcome, e.g. A:converted): conversion by grade.',
    kind: 'mix',
    observe: (d) => {
      const outcome = outputText(d, 'outcome', true);
      if (outcome === undefined) return undefined;
      return `${outputText(d, 'grade', true) ?? 'ungraded'}:${outcome}`;
    },
  },
  {
    name: 'outcome_score',
    description:
      'Outcome events per whole score the lead had (label outcome:score, e.g. won:83): what AUC is computed from.',
    kind: 'mix',
    observe: (d) => {
      const outcome = outputText(d, 'outcome', true);
      const score = getPath(d.output, 'score');
      return outcome === undefined || typeof score !== 'number'
        ? undefined
        : `${outcome}:${Math.floor(score)}`;
    },
  },
];
