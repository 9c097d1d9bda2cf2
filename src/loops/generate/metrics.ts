import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';
import { SKIP_REASONS } from './contract.js';

const text = (d: DecisionFacts, path: string): string | undefined => {
  const v = getPath(d.output, path);
  return typeof v === 'string' ? v : undefined;
};
const num = (d: DecisionFacts, path: string): number | undefined => {
  const v = getPath(d.output, path);
  return typeof v === 'number' ? v : undefined;
};
const kindIs = (d: DecisionFacts, ...kinds: string[]) => kinds.includes(text(d, 'kind') ?? '');

/** The primary model's total of an attribution decision under `pipeline` or `revenue`. */
function attributed(d: DecisionFacts, what: 'pipeline' | 'revenue'): number | undefined {
  if (!kindIs(d, 'attribution')) return undefined;
  const primary = text(d, 'primary');
  return primary ? num(d, `${what}.${primary}.total`) : undefined;
}

/** A won deal's attribution counts once, from its latest decision: a deal sent again (by pursue and the CRM) is not credited twice. */
const wonDeal = (d: DecisionFacts) => (kindIs(d, 'attribution') ? text(d, 'opportunityId') : undefined);

/** The value metric of one skip reason, e.g. suppressed_do_not_contact. */
const suppressedMetric = (reason: string) => `suppressed_${reason.replaceAll('-', '_')}`;

/**
 * What generate measures: members added and sends per campaign run and ABM play, contacts
 * suppressed by reason, ABM plays started (by play) and how they converted, and the pipeline and
 * revenue attribution credits to marketing touches.
 */
export const generateMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'campaign_runs',
    description: 'Campaign runs, by campaign.',
    kind: 'mix',
    observe: (d) => (kindIs(d, 'campaign') ? text(d, 'campaign') : undefined),
  },
  {
    name: 'members_added',
    description: 'Contacts added as members by a campaign run or an ABM play.',
    kind: 'value',
    unit: 'contacts',
    observe: (d) => {
      const m = getPath(d.output, 'members');
      return kindIs(d, 'campaign', 'intent') && Array.isArray(m) ? m.length : undefined;
    },
  },
  ...SKIP_REASONS.map(
    (reason): MetricSpec => ({
      name: suppressedMetric(reason),
      description: `Contacts skipped by a campaign run or an ABM play because of ${reason}.`,
      kind: 'value',
      unit: 'contacts',
      observe: (d) => (kindIs(d, 'campaign', 'intent') ? (num(d, `skipped.${reason}`) ?? 0) : undefined),
    }),
  ),
  {
    name: 'sends',
    description: 'Outbox messages sent by campaign runs and ABM plays.',
    kind: 'value',
    unit: 'messages',
    observe: (d) => (kindIs(d, 'campaign', 'intent') ? num(d, 'sends') : undefined),
  },
  {
    name: 'intent_outcomes',
    description: 'What each intent signal came to: recorded, below-threshold, started, already-started...',
    kind: 'mix',
    observe: (d) => (kindIs(d, 'intent') ? text(d, 'outcome') : undefined),
  },
  {
    name: 'abm_plays_started',
    description: 'ABM plays started, by play.',
    kind: 'mix',
    observe: (d) => (kindIs(d, 'intent') && text(d, 'outcome') === 'started' ? text(d, 'play') : undefined),
  },
  {
    name: 'abm_reviewed',
    description: 'ABM plays reviewed for conversion (reviewAfterDays after they started).',
    kind: 'value',
    unit: 'plays',
    observe: (d) => (kindIs(d, 'tick') ? num(d, 'abmReviewed') : undefined),
  },
  {
    name: 'abm_converted',
    description: 'Reviewed ABM plays whose account opened an opportunity after the play started.',
    kind: 'value',
    unit: 'plays',
    observe: (d) => (kindIs(d, 'tick') ? num(d, 'abmConverted') : undefined),
  },
  {
    name: 'touches_recorded',
    description: 'Marketing touches recorded from touch.recorded events, by channel.',
    kind: 'mix',
    observe: (d) => (kindIs(d, 'touch') ? text(d, 'channel') : undefined),
  },
  {
    name: 'pipeline_sourced',
    description:
      'Pipeline credited to marketing touches by the primary attribution model, per won deal (each deal once, its latest attribution).',
    kind: 'value',
    unit: 'currency',
    once: wonDeal,
    observe: (d) => attributed(d, 'pipeline'),
  },
  {
    name: 'revenue_attributed',
    description:
      'Revenue credited to marketing touches by the primary attribution model, per won deal (each deal once, its latest attribution).',
    kind: 'value',
    unit: 'currency',
    once: wonDeal,
    observe: (d) => attributed(d, 'revenue'),
  },
];
