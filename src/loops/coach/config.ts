import { z } from 'zod';
import { conditionSchema, ScheduleConfig } from '../../kernel/index.js';
import { CEL_VARIABLES, conditionPathIssues, metricProblem, SCALARS } from './metric-paths.js';

const Name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'expected a name of letters, digits, dashes or underscores')
  .max(80);

/**
 * A rep metric, by path: a scalar (`winRate`), a deal shape's (`shapes.enterprise.winRate`) or a
 * stage's (`stages.Discovery.conversion`, `stages.Discovery.days`).
 */
const MetricPath = z
  .string()
  .regex(
    new RegExp(
      `^(${SCALARS.join('|')}|shapes\\.[A-Za-z0-9_-]+\\.(winRate|cycleDays)|stages\\.[^.]+\\.(conversion|days))$`,
    ),
    `expected a rep metric: ${SCALARS.join(', ')}, shapes.<shape>.winRate|cycleDays or stages.<stage>.conversion|days`,
  )
  .describe('A rep metric, e.g. winRate, responseHours or shapes.enterprise.winRate.');

/** A coaching pattern: a condition over a rep's metrics, and what the coaching task says. */
export const Pattern = z
  .strictObject({
    name: Name.describe(
      'The pattern name, e.g. discovers-well-closes-poorly. Used in tasks, digests and metrics.',
    ),
    description: z.string().default('').describe('What the pattern means, for the manager.'),
    when: conditionSchema({ celVariables: CEL_VARIABLES }).describe(
      'When a rep shows the pattern, e.g. {all: [{field: metrics.discoveryCoverage, op: gte, value: 0.7}, {field: metrics.winRate, op: lt, value: 0.2}]}. A metric without enough samples is missing, and matches no comparison.',
    ),
    evidence: z
      .array(MetricPath)
      .min(1)
      .describe('The metrics shown as evidence (the rep, the team and the rep’s trailing value).'),
    task: z
      .string()
      .min(1)
      .describe('The coaching task for the manager, e.g. "Review two lost deals with the rep".'),
  })
  .describe('A coaching pattern found from a rep’s metrics.');

/** A parsed pattern. */
export type Pattern = z.infer<typeof Pattern>;

/** A deal shape: which opportunities it covers, and the skills those deals need. */
const DealShape = z
  .strictObject({
    name: Name.describe('The shape name, e.g. enterprise. Win rate and cycle time are measured per shape.'),
    when: conditionSchema({ celVariables: { deal: '' } })
      .optional()
      .describe(
        'Which opportunities have this shape (fields of the opportunity); absent matches every deal. The first shape that matches is used.',
      ),
    skills: z.array(Name).default([]).describe('The skills deals of this shape need (names from skills).'),
  })
  .describe('A deal shape.');

/** A skill and the rep metric that measures it. */
export const Skill = z
  .strictObject({
    name: Name.describe('The skill, e.g. multithreading.'),
    metric: MetricPath,
    weakBelow: z.number().optional().describe('A rep is weak at the skill when the metric is below this.'),
    weakAbove: z.number().optional().describe('A rep is weak at the skill when the metric is above this.'),
  })
  .refine((s) => (s.weakBelow === undefined) !== (s.weakAbove === undefined), {
    message: 'expected exactly one of weakBelow or weakAbove',
  })
  .describe('A skill measured by a rep metric.');

/** A parsed skill. */
export type Skill = z.infer<typeof Skill>;

const Windows = z
  .strictObject({
    currentDays: z.number().int().min(1).default(30).describe('Days the current value of a metric covers.'),
    trailingDays: z
      .number()
      .int()
      .min(1)
      .default(180)
      .describe('Days before the current window that make the rep’s own trailing average.'),
    minSamples: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('Observations a metric needs in a window; with fewer it is missing (no pattern, no alert).'),
  })
  .prefault({})
  .describe('The windows metrics are measured over.');

const Alerts = z
  .strictObject({
    metrics: z
      .array(MetricPath)
      .default(['discoveryCoverage', 'responseHours', 'sequenceApprovalRate', 'winRate', 'cycleDays'])
      .describe('The metrics watched for a move away from the rep’s own average or the peers’.'),
    ownChange: z
      .number()
      .positive()
      .default(0.5)
      .describe(
        'Alert when the current value differs from the rep’s trailing average by this share of it (0.5: half).',
      ),
    peerZ: z
      .number()
      .positive()
      .default(2)
      .describe('Alert when the current value is this many standard deviations from the other reps’ values.'),
    minPeers: z
      .number()
      .int()
      .min(2)
      .default(3)
      .describe('Other reps with a value needed before a peer alert.'),
    channel: z
      .string()
      .min(1)
      .default('in-app')
      .describe('The outbox channel alerts go to (to the manager).'),
  })
  .prefault({})
  .describe('Alerts when a rep’s metric moves well away from their own trailing average or their peers.');

const Digest = z
  .strictObject({
    channel: z.string().min(1).default('email').describe('The outbox channel of the weekly digest.'),
    fallbackTo: z
      .string()
      .min(1)
      .default('role:manager')
      .describe('Who gets the digest of reps with no known manager.'),
  })
  .prefault({})
  .describe('The coaching digest each manager gets per run.');

const Proposals = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Propose alert threshold changes.'),
    maxAlertShare: z
      .number()
      .min(0)
      .max(1)
      .default(0.3)
      .describe('When more than this share of rep reviews alert, propose a wider ownChange.'),
    minReviews: z
      .number()
      .int()
      .min(1)
      .default(10)
      .describe('Rep reviews needed before a change is proposed.'),
  })
  .prefault({})
  .describe('Level-3 feedback: a proposal when alerts fire so often they stop meaning anything.');

/** The coach loop's YAML. */
export const CoachConfig = z
  .strictObject({
    schedule: ScheduleConfig.default({ cron: '0 7 * * 1', timezone: 'UTC', catchUp: 'latest' }).describe(
      'When the weekly coaching review runs.',
    ),
    repRoles: z
      .array(z.string().min(1))
      .min(1)
      .default(['ae', 'sdr', 'rep'])
      .describe('User roles that are coached as reps.'),
    managerRoles: z
      .array(z.string().min(1))
      .min(1)
      .default(['manager'])
      .describe(
        "User roles that manage a team: a rep's manager is their managerId, their team's managerId, else the team's user of such a role.",
      ),
    territoryFields: z
      .array(z.string().min(1))
      .min(1)
      .default(['territoryId', 'teamId'])
      .describe("User fields naming a rep's territory, the first one set wins."),
    stages: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Open stages in order, for stage conversion and time in stage (from the opportunity stageDays field).',
      ),
    outcomes: z
      .strictObject({
        won: z
          .array(z.string())
          .default(['won', 'closed won', 'closed-won'])
          .describe('Values of outcome, status or stage that mean won.'),
        lost: z
          .array(z.string())
          .default(['lost', 'closed lost', 'closed-lost'])
          .describe('Values that mean lost.'),
      })
      .prefault({})
      .describe('How a won or lost deal is read.'),
    windows: Windows,
    shapes: z
      .array(DealShape)
      .default([])
      .describe('Deal shapes, first match wins; win rate and cycle time are measured per shape.'),
    skills: z.array(Skill).default([]).describe('Skills deals need, each measured by a rep metric.'),
    skillGaps: z
      .strictObject({
        minDeals: z
          .number()
          .int()
          .min(1)
          .default(3)
          .describe('Open deals of a shape a territory needs before its skills count.'),
      })
      .prefault({})
      .describe('Territory skill gaps: its open deals need a skill its reps score weak on.'),
    patterns: z.array(Pattern).default([]).describe('Coaching patterns, each checked for every rep.'),
    tasks: z
      .strictObject({
        dueDays: z.number().int().min(0).default(7).describe('Days until a coaching task is due.'),
      })
      .prefault({})
      .describe('Coaching tasks, one per newly found pattern, for the manager.'),
    alerts: Alerts,
    digest: Digest,
    proposals: Proposals,
  })
  .superRefine((c, ctx) => {
    const unique = (list: readonly { name: string }[], key: string) => {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.name))
          ctx.addIssue({ code: 'custom', path: [key, i, 'name'], message: `${x.name} is named twice` });
        seen.add(x.name);
      });
    };
    unique(c.patterns, 'patterns');
    unique(c.shapes, 'shapes');
    unique(c.skills, 'skills');
    // A metric path of the right form may still name a shape or a stage the config does not have.
    const shapes = c.shapes.map((s) => s.name);
    const metric = (m: string, path: (string | number)[]) => {
      const message = metricProblem(m, shapes, c.stages);
      if (message) ctx.addIssue({ code: 'custom', path, message });
    };
    for (const [i, p] of c.patterns.entries()) {
      for (const issue of conditionPathIssues(p.when, ['patterns', i, 'when'], shapes, c.stages))
        ctx.addIssue({ code: 'custom', ...issue });
      for (const [j, m] of p.evidence.entries()) metric(m, ['patterns', i, 'evidence', j]);
    }
    for (const [i, s] of c.skills.entries()) metric(s.metric, ['skills', i, 'metric']);
    for (const [i, m] of c.alerts.metrics.entries()) metric(m, ['alerts', 'metrics', i]);
    const skills = new Set(c.skills.map((s) => s.name));
    c.shapes.forEach((s, i) => {
      s.skills.forEach((k, j) => {
        if (!skills.has(k))
          ctx.addIssue({
            code: 'custom',
            path: ['shapes', i, 'skills', j],
            message: `skill ${k} is not in skills (${[...skills].join(', ') || 'none'})`,
          });
      });
    });
  })
  .describe(
    'Coach: rep metrics against the team and the rep’s own trailing average, patterns, digests and alerts.',
  );

/** A parsed coach config. */
export type CoachConfig = z.infer<typeof CoachConfig>;
