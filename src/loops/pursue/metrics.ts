import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';

const text = (d: DecisionFacts, path: string): string | undefined => {
  const v = getPath(d.output, path);
  return typeof v === 'string' ? v : undefined;
};
const num = (d: DecisionFacts, path: string): number | undefined => {
  const v = getPath(d.output, path);
  return typeof v === 'number' ? v : undefined;
};

/** The outcome a decision knows: a recorded close, or a history evaluation of a deal that ended. */
const outcome = (d: DecisionFacts) =>
  text(d, 'kind') === 'closed' || text(d, 'kind') === 'risk' ? text(d, 'outcome') : undefined;
/** The risk level a closed deal had: its last assessment, or the one made as of the history date. */
const riskAtClose = (d: DecisionFacts) =>
  text(d, 'kind') === 'closed' ? (text(d, 'riskLevel') ?? 'unassessed') : text(d, 'level');

/**
 * The deal a decision counts for: a recorded close or a risk decision. Several runs decide on the
 * same deal (history passes as of past dates, then the live run), so the metrics of closed deals
 * count each deal once, from its latest decision that knows how it ended: the assessment as of the
 * latest date before the close, or the live record of the close.
 */
const deal = (d: DecisionFacts) =>
  text(d, 'kind') === 'closed' || text(d, 'kind') === 'risk' ? text(d, 'opportunityId') : undefined;

/** The separator of a staleness-backtest label (stage|days|outcome): stages may hold colons. */
export const BACKTEST_SEPARATOR = '|';

/**
 * What pursue measures: win rate by risk level and by play (a `<level>:won` label over the closed
 * deals of that level, shown as a rate by `revloops metrics pursue`), cycle time overall and by
 * play, nudges, escalations, nudge → action, and the staleness of closed deals for the threshold
 * backtest. The metrics of closed deals count each deal once, however many passes saw it.
 */
export const pursueMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'closed_risk',
    description: 'Closed deals by the risk level the evaluator gave them.',
    kind: 'mix',
    once: deal,
    observe: (d) => (outcome(d) ? riskAtClose(d) : undefined),
  },
  {
    name: 'win_by_risk',
    description:
      'Closed deals by risk level and outcome (high:won over closed_risk high is the win rate of high-risk deals).',
    kind: 'mix',
    once: deal,
    observe: (d) => {
      const o = outcome(d);
      return o ? `${riskAtClose(d)}:${o}` : undefined;
    },
  },
  {
    name: 'closed_play',
    description: 'Closed deals by play.',
    kind: 'mix',
    once: deal,
    observe: (d) => (outcome(d) ? (text(d, 'play') ?? 'no-play') : undefined),
  },
  {
    name: 'win_by_play',
    description: 'Closed deals by play and outcome (the win rate by play).',
    kind: 'mix',
    once: deal,
    observe: (d) => {
      const o = outcome(d);
      return o ? `${text(d, 'play') ?? 'no-play'}:${o}` : undefined;
    },
  },
  {
    name: 'cycle_days',
    description: 'Days from SQO to close of won deals.',
    kind: 'value',
    once: deal,
    unit: 'days',
    observe: (d) =>
      text(d, 'kind') === 'closed' && text(d, 'outcome') === 'won' ? num(d, 'cycleDays') : undefined,
  },
  {
    name: 'cycle_days_by_play',
    description: 'Days from SQO to close of won deals, by play (mean, min and max per play).',
    kind: 'value',
    once: deal,
    unit: 'days',
    observe: (d) =>
      text(d, 'kind') === 'closed' && text(d, 'outcome') === 'won' ? num(d, 'cycleDays') : undefined,
    label: (d) => text(d, 'play') ?? 'no-play',
  },
  {
    name: 'nudges',
    description: 'Deals whose owner was nudged.',
    kind: 'count',
    observe: (d) => ((getPath(d.output, 'nudged') as unknown[] | undefined)?.length ?? 0) > 0,
  },
  {
    name: 'escalations',
    description: "Nudges escalated to the owner's manager after ignored ones.",
    kind: 'count',
    observe: (d) => text(d, 'escalatedTo') !== undefined,
  },
  {
    name: 'nudge_followup',
    description:
      'What owners did after a nudge before the next evaluation that changed the risk: acted or ignored (nudge → action rate).',
    kind: 'mix',
    observe: (d) => (text(d, 'kind') === 'risk' ? text(d, 'followUp') : undefined),
  },
  {
    name: 'stale_backtest',
    description:
      'Closed deals by stage, whole days without activity, and outcome: what the staleness proposer backtests thresholds on.',
    kind: 'mix',
    once: deal,
    observe: (d) => {
      const o = outcome(d);
      const days = num(d, 'staleDays');
      const stage = text(d, 'stage');
      return o && days !== undefined && stage
        ? [stage, Math.floor(days), o].join(BACKTEST_SEPARATOR)
        : undefined;
    },
  },
];
