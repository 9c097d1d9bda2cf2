import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';

const text = (d: DecisionFacts, path: string): string | undefined => {
  const v = getPath(d.output, path);
  return typeof v === 'string' ? v : undefined;
};

/** The pool-candidate steps of a decision's trace. */
function candidates(d: DecisionFacts): { available: boolean; skip?: string; pool?: string }[] {
  return d.trace
    .filter((t) => t.kind === 'step' && t.name === 'pool-candidate')
    .map((t) =>
      t.kind === 'step'
        ? (t.detail as { available: boolean; skip?: string; pool?: string })
        : { available: false },
    );
}

/** The separator of an assignment label: pool names never contain it. */
export const ASSIGNMENT_SEPARATOR = ':';

/** What route measures: outcomes, which rules fire, who pools pick, skips, SLA breaches and agent confidence. */
export const routeMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'outcome',
    description:
      'Leads per outcome (assigned, kept, queued, review, triage, waiting) and escalations per result.',
    kind: 'mix',
    observe: (d) => {
      const kind = text(d, 'kind');
      if (kind === 'routed') return text(d, 'outcome');
      return kind === 'escalation' ? `escalation-${text(d, 'outcome')}` : undefined;
    },
  },
  {
    name: 'rule',
    description: 'Leads per rule that fired (otherwise: no rule matched).',
    kind: 'mix',
    observe: (d) =>
      text(d, 'kind') === 'routed' && text(d, 'outcome') !== 'kept' && !text(d, 'via')?.endsWith('retry')
        ? (text(d, 'rule') ?? 'otherwise')
        : undefined,
  },
  {
    name: 'assignment',
    description: 'Leads a pool gave each member (label pool:user): the shares the imbalance monitor checks.',
    kind: 'mix',
    observe: (d) => {
      const pool = text(d, 'pool');
      const user = text(d, 'assignee');
      return text(d, 'outcome') === 'assigned' && pool && user
        ? `${pool}${ASSIGNMENT_SEPARATOR}${user}`
        : undefined;
    },
  },
  {
    name: 'skipped_candidates',
    description: 'Pool members passed over per decision (away, off hours, at cap or capacity, inactive).',
    kind: 'value',
    unit: 'members',
    observe: (d) => {
      const c = candidates(d);
      return c.length === 0 ? undefined : c.filter((x) => !x.available).length;
    },
  },
  {
    name: 'waiting_at_cap',
    description: 'Leads that waited because every member of the pool had hit their daily cap (label: pool).',
    kind: 'mix',
    observe: (d) => {
      const c = candidates(d);
      const capped = c.length > 0 && c.every((x) => !x.available) && c.some((x) => x.skip === 'daily-cap');
      return text(d, 'outcome') === 'waiting' && capped ? text(d, 'pool') : undefined;
    },
  },
  {
    name: 'sla_assignments',
    description: 'Assignments with a first-response SLA.',
    kind: 'count',
    observe: (d) => text(d, 'slaDueAt') !== undefined,
  },
  {
    name: 'sla_breaches',
    description: 'SLA breaches escalated (reassigned or manager notified).',
    kind: 'count',
    observe: (d) => text(d, 'kind') === 'escalation' && text(d, 'outcome') !== 'stale',
  },
  {
    name: 'agent_confidence',
    description: 'Confidence of agent answers (account matches and agent rules); sum / count is the average.',
    kind: 'value',
    unit: 'confidence',
    observe: (d) => {
      const a = d.trace.find((t) => t.kind === 'agent');
      return a?.kind === 'agent' ? a.confidence : undefined;
    },
  },
];
