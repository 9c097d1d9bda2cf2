import { baseMetrics, type DecisionFacts, getPath, type MetricSpec } from '../../kernel/index.js';
import { CRITERIA, type Criterion } from './rubric-config.js';

const kind = (d: DecisionFacts) => getPath(d.output, 'kind');
const reviewed = (d: DecisionFacts) => ['deployed', 'held', 'rejected'].includes(String(kind(d)));
const approved = (d: DecisionFacts) => kind(d) === 'deployed' || kind(d) === 'held';
const editsOf = (d: DecisionFacts): { criterion?: string }[] => {
  const e = getPath(d.input, 'edits');
  return Array.isArray(e) ? (e as { criterion?: string }[]) : [];
};

/** 1 when a drafted sequence passed the criterion, 0 when it failed, nothing for other decisions. */
function passed(d: DecisionFacts, c: Criterion): number | undefined {
  if (kind(d) !== 'drafted' || getPath(d.output, `rubric.${c}`) === undefined) return undefined;
  const failing = getPath(d.output, 'failing');
  return Array.isArray(failing) && failing.includes(c) ? 0 : 1;
}

/** 1 when the rep edited a line serving the criterion before approving, 0 when not. */
function edited(d: DecisionFacts, c: Criterion): number | undefined {
  if (!approved(d)) return undefined;
  return editsOf(d).some((e) => e.criterion === c) ? 1 : 0;
}

/** The metric names of the per-criterion pass and edit rates. */
export const passMetric = (c: Criterion) => `rubric_pass_${c}`;
export const editMetric = (c: Criterion) => `edit_${c}`;

/**
 * What engage measures: drafts and their pass rate per criterion, revisions, rep reviews (approvals,
 * rejections, edit rate overall, per criterion and per rep), deployments, replies, pauses and skips.
 */
export const engageMetrics: readonly MetricSpec[] = [
  ...baseMetrics,
  {
    name: 'outcome',
    description:
      'Decisions per outcome: drafted, skipped, deployed, held, rejected, stopped, paused, ignored.',
    kind: 'mix',
    observe: (d) => (typeof kind(d) === 'string' ? String(kind(d)) : undefined),
  },
  {
    name: 'skip_reason',
    description: 'Enrolments refused or held, per reason (suppressed, active-sequence, daily-cap, ...).',
    kind: 'mix',
    observe: (d) =>
      kind(d) === 'skipped' || kind(d) === 'held' ? String(getPath(d.output, 'code')) : undefined,
  },
  { name: 'drafts', description: 'Sequences drafted.', kind: 'count', observe: (d) => kind(d) === 'drafted' },
  {
    name: 'draft_pass',
    description: 'Drafts that passed all seven criteria (mean: the pass rate).',
    kind: 'value',
    unit: 'share',
    observe: (d) => (kind(d) === 'drafted' ? (getPath(d.output, 'passed') === true ? 1 : 0) : undefined),
  },
  ...CRITERIA.map(
    (c): MetricSpec => ({
      name: passMetric(c),
      description: `Drafts whose ${c} reached its threshold (mean: the pass rate of ${c}).`,
      kind: 'value',
      unit: 'share',
      observe: (d) => passed(d, c),
    }),
  ),
  {
    name: 'revisions',
    description: 'Revisions a draft needed.',
    kind: 'value',
    unit: 'revisions',
    observe: (d) => (kind(d) === 'drafted' ? Number(getPath(d.output, 'revisions')) : undefined),
  },
  {
    name: 'approvals',
    description: 'Sequences reps approved (as drafted or edited).',
    kind: 'count',
    observe: approved,
  },
  {
    name: 'rejections',
    description: 'Sequences reps rejected.',
    kind: 'count',
    observe: (d) => kind(d) === 'rejected',
  },
  {
    name: 'edit_rate',
    description: 'Approved sequences the rep edited first (mean: the edit rate).',
    kind: 'value',
    unit: 'share',
    observe: (d) => (approved(d) ? (editsOf(d).length > 0 ? 1 : 0) : undefined),
  },
  ...CRITERIA.map(
    (c): MetricSpec => ({
      name: editMetric(c),
      description: `Approved sequences with a rep edit to a line serving ${c} (mean: edit rate of ${c}).`,
      kind: 'value',
      unit: 'share',
      observe: (d) => edited(d, c),
    }),
  ),
  {
    name: 'rep_review',
    description:
      'Reviews per rep and verdict (label rep:approved, rep:edited, rep:rejected): edit rate per rep.',
    kind: 'mix',
    observe: (d) => {
      if (!reviewed(d)) return undefined;
      const by = String(getPath(d.input, 'by'));
      return `${by}:${kind(d) === 'rejected' ? 'rejected' : editsOf(d).length > 0 ? 'edited' : 'approved'}`;
    },
  },
  {
    name: 'deployments',
    description: 'Sequences deployed to the engagement platform.',
    kind: 'count',
    observe: (d) => kind(d) === 'deployed',
  },
  {
    name: 'replies',
    description: 'Sequences stopped by a reply (replies / deployments: the reply rate).',
    kind: 'count',
    observe: (d) => kind(d) === 'stopped' && getPath(d.output, 'cause') === 'reply',
  },
  {
    name: 'pauses',
    description: 'Sequences paused by an out-of-office answer.',
    kind: 'count',
    observe: (d) => kind(d) === 'paused',
  },
];
