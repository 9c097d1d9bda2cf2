import { z } from 'zod';

/** A milestone of a play: a task for a role, due some days after the SQO or the previous milestone. */
export const Milestone = z
  .strictObject({
    name: z.string().min(1).max(120).describe('The milestone, e.g. technical validation.'),
    owner: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'expected a role such as rep, se or manager')
      .default('rep')
      .describe(
        "Who owns it, by role: rep (the deal owner), manager (the owner's manager), or another role read from the deal's `<role>Id` field (se reads seId), falling back to the rep.",
      ),
    dueDays: z.number().int().min(0).max(730).describe('Days after `from` the milestone is due.'),
    from: z
      .enum(['sqo', 'previous'])
      .default('previous')
      .describe('Count dueDays from the SQO, or from the previous milestone’s due date.'),
  })
  .describe('A milestone task of a play.');

/** A parsed milestone. */
export type Milestone = z.infer<typeof Milestone>;

const Weight = z.number().min(0).max(1).describe('What the signal adds to the risk score when it fires.');
const Stages = z
  .array(z.string())
  .default([])
  .describe('Stages the warning applies in (any case); empty means every open stage.');

/** The deal-risk signals, each switchable, weighted and tuned in config. */
export const SignalsConfig = z
  .strictObject({
    stale: z
      .strictObject({
        enabled: z.boolean().default(true),
        weight: Weight.default(0.35),
        days: z.number().min(1).default(14).describe('Days without activity before a deal is stale.'),
        byStage: z
          .record(z.string(), z.number().min(1))
          .default({})
          .describe('Per-stage staleness days, overriding `days`, e.g. {Negotiation: 5}.'),
        stages: Stages,
      })
      .default({ enabled: true, weight: 0.35, days: 14, byStage: {}, stages: [] })
      .describe('No activity: days since the last activity, by stage.'),
    closeDate: z
      .strictObject({
        enabled: z.boolean().default(true),
        weight: Weight.default(0.3),
        maxPushes: z
          .number()
          .int()
          .min(1)
          .default(2)
          .describe('Times the close date may move out before it is a warning.'),
        stages: Stages,
      })
      .default({ enabled: true, weight: 0.3, maxPushes: 2, stages: [] })
      .describe(
        'Close-date risk: the close date is past, was pushed too often, or is sooner than the remaining milestones allow.',
      ),
    velocity: z
      .strictObject({
        enabled: z.boolean().default(true),
        weight: Weight.default(0.2),
        factor: z
          .number()
          .min(1)
          .default(1.5)
          .describe('Days in stage above this multiple of the median for won deals of the play is slow.'),
        minWonDeals: z
          .number()
          .int()
          .min(1)
          .default(5)
          .describe('Won deals of the play and stage needed before the median is trusted.'),
        stages: Stages,
      })
      .default({ enabled: true, weight: 0.2, factor: 1.5, minWonDeals: 5, stages: [] })
      .describe('Stalled in stage: days in stage against the median of won deals of the same play.'),
    missingMilestones: z
      .strictObject({
        enabled: z.boolean().default(true),
        weight: Weight.default(0.25),
        graceDays: z
          .number()
          .min(0)
          .default(0)
          .describe('Days past due before a milestone counts as missing.'),
        stages: Stages,
      })
      .default({ enabled: true, weight: 0.25, graceDays: 0, stages: [] })
      .describe('Step overdue: milestone tasks of the play still open past their due date.'),
    singleThreaded: z
      .strictObject({
        enabled: z.boolean().default(true),
        weight: Weight.default(0.15),
        minContacts: z.number().int().min(2).default(2).describe('Contacts a deal should have engaged.'),
        stages: Stages,
      })
      .default({ enabled: true, weight: 0.15, minContacts: 2, stages: [] })
      .describe('Single-threaded: fewer engaged contacts than minContacts.'),
  })
  .default({
    stale: { enabled: true, weight: 0.35, days: 14, byStage: {}, stages: [] },
    closeDate: { enabled: true, weight: 0.3, maxPushes: 2, stages: [] },
    velocity: { enabled: true, weight: 0.2, factor: 1.5, minWonDeals: 5, stages: [] },
    missingMilestones: { enabled: true, weight: 0.25, graceDays: 0, stages: [] },
    singleThreaded: { enabled: true, weight: 0.15, minContacts: 2, stages: [] },
  })
  .describe('The deal warnings, each switchable with its own threshold and weight.');

/** Parsed signal settings. */
export type SignalsConfig = z.infer<typeof SignalsConfig>;
