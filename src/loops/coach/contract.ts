import { z } from 'zod';
import { TickInput } from '../../kernel/index.js';

const Values = z.record(z.string(), z.number().nullable());

/** One metric shown as a pattern's evidence: the rep's value, the team's and the rep's trailing one. */
const Evidence = z.strictObject({
  metric: z.string(),
  rep: z.number().nullable(),
  team: z.number().nullable(),
  trailing: z.number().nullable(),
  samples: z.number().int(),
});

/** A pattern found for a rep. */
const FoundPattern = z.strictObject({
  name: z.string(),
  description: z.string(),
  task: z.string(),
  reason: z.string().describe('Why the condition matched, in words.'),
  evidence: z.array(Evidence),
  isNew: z.boolean().describe('False when the rep showed the pattern at the last review too (no new task).'),
});

/** A metric that moved well away from the rep's own average or the peers'. */
const Alert = z.strictObject({
  key: z.string(),
  metric: z.string(),
  basis: z.enum(['own', 'peers']),
  direction: z.enum(['up', 'down']),
  value: z.number(),
  reference: z.number(),
  change: z.number().nullable(),
  z: z.number().nullable(),
  isNew: z.boolean().describe('False when the same move was alerted at the last review (no new alert).'),
});

/** One rep's weekly review, handed from the schedule run to its own decision. */
export const RepReview = z
  .strictObject({
    kind: z.literal('coach.rep-review'),
    repId: z.string().min(1),
    repName: z.string(),
    managerId: z.string().nullable(),
    territory: z.string().nullable(),
    scheduledFor: z.string(),
    window: z.strictObject({ from: z.string(), to: z.string(), trailingFrom: z.string() }),
    metrics: Values.describe("The rep's current values (null: too few samples)."),
    team: Values.describe("The team's pooled values over the same window."),
    trailing: Values.describe("The rep's own values over the trailing window."),
    samples: z.record(z.string(), z.number().int()),
    patterns: z.array(FoundPattern),
    unmatched: z
      .array(z.strictObject({ name: z.string(), reason: z.string() }))
      .optional()
      .describe(
        'The patterns that did not match, each with why, so explain answers why a rep was not flagged.',
      ),
    alerts: z.array(Alert),
    history: z
      .boolean()
      .optional()
      .describe(
        'True for a history pass (a run as of a past instant): decided and recorded, nobody is told.',
      ),
  })
  .describe("A rep's coaching review: metrics, the patterns found and the metrics that moved.");

/** A parsed rep review. */
export type RepReview = z.infer<typeof RepReview>;

/** A manager's weekly coaching digest, handed from the schedule run to its own decision. */
export const ManagerDigest = z
  .strictObject({
    kind: z.literal('coach.manager-digest'),
    managerId: z.string().min(1),
    scheduledFor: z.string(),
    reps: z.array(
      z.strictObject({
        repId: z.string(),
        repName: z.string(),
        patterns: z.array(z.strictObject({ name: z.string(), isNew: z.boolean() })),
        alerts: z.array(
          z.strictObject({ key: z.string(), metric: z.string(), isNew: z.boolean(), text: z.string() }),
        ),
        highlights: z.array(z.string()),
      }),
    ),
    skillGaps: z
      .array(z.string())
      .describe('Skill gaps of the territories the manager’s reps cover, in words.'),
    history: z
      .boolean()
      .optional()
      .describe(
        'True for a history pass (a run as of a past instant): decided and recorded, nobody is told.',
      ),
  })
  .describe("A manager's coaching digest.");

/** A parsed manager digest. */
export type ManagerDigest = z.infer<typeof ManagerDigest>;

/** A territory whose open deals need a skill its reps score weak on; design's rebalancing can read it. */
export const SkillGap = z
  .strictObject({
    kind: z.literal('coach.skill-gap'),
    territory: z.string().min(1).describe('The territory (the reps’ territoryId or team).'),
    skill: z.string().describe('The skill the deals need.'),
    metric: z.string().describe('The rep metric that measures it.'),
    shapes: z.array(z.string()).describe('The deal shapes that need it.'),
    openDeals: z.number().int().describe('Open deals of those shapes in the territory.'),
    reps: z.record(z.string(), z.number().nullable()).describe("Each rep's value of the metric."),
    average: z.number().describe("The reps' average value."),
    threshold: z.string().describe('What counts as weak, e.g. "below 0.5".'),
    scheduledFor: z.string(),
  })
  .describe('A territory skill gap.');

/** A parsed skill gap. */
export type SkillGap = z.infer<typeof SkillGap>;

/** A coach tick: the schedule's, or an operator's run as of a past instant (a history pass). */
export const CoachTick = TickInput;

/** A parsed coach tick. */
export type CoachTick = z.infer<typeof CoachTick>;

/** What starts a coach run. */
export const CoachInput = z.union([CoachTick, RepReview, ManagerDigest]);

/** A parsed coach input. */
export type CoachInput = z.infer<typeof CoachInput>;

/** What a coach decision records. */
export const CoachOutput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('review'),
    scheduledFor: z.string(),
    reps: z.number().int(),
    managers: z.number().int(),
    patterns: z.number().int(),
    alerts: z.number().int(),
    skillGaps: z.array(SkillGap.omit({ kind: true, scheduledFor: true })),
    history: z.literal(true).optional(),
  }),
  z.strictObject({
    kind: z.literal('rep'),
    repId: z.string(),
    managerId: z.string().nullable(),
    patterns: z.array(z.string()),
    newPatterns: z.array(z.string()),
    alerts: z.array(z.string()),
    newAlerts: z.array(z.string()),
    tasks: z.array(z.string()),
    metrics: Values,
    history: z.literal(true).optional(),
  }),
  z.strictObject({
    kind: z.literal('digest'),
    managerId: z.string(),
    reps: z.number().int(),
    patterns: z.number().int(),
    alerts: z.number().int(),
    skillGaps: z.number().int(),
    notification: z.string().nullable().describe('The digest sent; null in a history pass.'),
    history: z.literal(true).optional(),
  }),
]);

/** A coach decision's output. */
export type CoachOutput = z.infer<typeof CoachOutput>;
