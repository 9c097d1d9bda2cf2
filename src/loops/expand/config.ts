import { z } from 'zod';
import { conditionSchema, ScheduleConfig } from '../../kernel/index.js';
import { HealthConfig } from './health-config.js';

/**
 * What a CEL expression may name: `customer` is the scored view (customer fields plus health,
 * potential, measures and renewal).
 */
export const CEL_VARIABLES: Readonly<Record<string, string>> = { customer: '' };

const Name = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'expected a kebab-case name')
  .max(60);

/** A growth signal of expansion potential. */
const PotentialSignal = z
  .strictObject({
    name: Name.describe('The signal, e.g. usage-headroom, hiring, funding.'),
    when: conditionSchema({ celVariables: CEL_VARIABLES }).describe('When it is present.'),
    points: z.number().min(0).max(100).describe('What it adds to the potential score.'),
  })
  .describe('An expansion signal.');

/** A play and its enrolment rules. */
export const Play = z
  .strictObject({
    name: Name.describe('The play, e.g. renewal, ebr, upsell, risk-intervention, multi-year.'),
    kind: z
      .enum(['renewal', 'ebr', 'upsell', 'cross-sell', 'risk', 'multi-year'])
      .describe('What kind of play.'),
    when: conditionSchema({ celVariables: CEL_VARIABLES }).describe(
      'Which customers enter it, on the scored view: renewal.daysTo, health.score, health.band, health.drop, potential.score...',
    ),
    owner: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .default('csm')
      .describe('The role that owns it (csm, rep, or <role>Id on the customer).'),
    tasks: z
      .array(z.strictObject({ name: z.string().min(1), dueDays: z.number().int().min(0) }))
      .min(1)
      .describe('Tasks it creates, due this many days after it opens.'),
    forecastCategory: z
      .string()
      .optional()
      .describe('Written on the customer as its renewal forecast category.'),
    limit: z
      .strictObject({
        times: z.number().int().min(1).default(1),
        days: z.number().int().min(1).describe('At most `times` enrolments every this many days.'),
      })
      .describe('Enrolment limit.'),
    notify: z
      .array(z.enum(['slack', 'email', 'in-app']))
      .default(['in-app'])
      .describe('Channels the owner hears on.'),
  })
  .describe('An expansion or retention play.');

/** A parsed play. */
export type Play = z.infer<typeof Play>;

/** The expand loop's YAML. */
export const ExpandConfig = z
  .strictObject({
    schedule: ScheduleConfig.describe('When the scorer runs.'),
    exclude: z
      .array(z.string())
      .default(['churned', 'onboarding'])
      .describe('Customer statuses that are neither scored nor enrolled in plays.'),
    health: HealthConfig,
    renewal: z
      .strictObject({
        field: z.string().default('renewalDate').describe('The customer field with the renewal date.'),
      })
      .default({ field: 'renewalDate' }),
    potential: z
      .strictObject({ signals: z.array(PotentialSignal).default([]) })
      .default({ signals: [] })
      .describe(
        'Expansion potential: the points of the signals present (at most 100), with their names as reasons.',
      ),
    plays: z.array(Play).default([]).describe('Plays, tried in order; a customer can enter several.'),
    calibration: z
      .strictObject({
        holdout: z.number().min(0.05).max(0.9).default(0.3),
        seed: z.number().int().min(0).default(7),
        minOutcomes: z.number().int().min(1).default(10),
        minAucGain: z.number().min(0).default(0.01),
        minWeight: z
          .number()
          .min(0)
          .default(2)
          .describe('The lowest weight the calibration gives a measure.'),
      })
      .default({ holdout: 0.3, seed: 7, minOutcomes: 10, minAucGain: 0.01, minWeight: 2 })
      .describe('How `revloops expand calibrate` fits the measure weights on outcomes.'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.plays.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({
          code: 'custom',
          path: ['plays', i, 'name'],
          message: `play ${p.name} is named twice`,
        });
      seen.add(p.name);
    });
  })
  .describe('Expand: health score, renewal windows, expansion potential and plays.');

/** A parsed expand config. */
export type ExpandConfig = z.infer<typeof ExpandConfig>;
