import { z } from 'zod';
import { conditionSchema, ScheduleConfig } from '../../kernel/index.js';

/** What a CEL expression in a plan may name: `customer` is the won deal joined with its account. */
export const CEL_VARIABLES: Readonly<Record<string, string>> = { customer: '' };

const Name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_ .-]*$/, 'expected a name of letters, digits, spaces, dashes or underscores')
  .max(80);

/** One milestone of an onboarding plan. */
const Milestone = z
  .strictObject({
    name: Name.describe('The milestone, e.g. kickoff or first value. Also the task title.'),
    owner: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .default('csm')
      .describe(
        'The role that owns it: csm (the customer record csmId, else the deal owner), rep (the deal owner), manager, or any role whose <role>Id is on the deal or account.',
      ),
    dueDays: z.number().int().min(0).describe('Target: days after the close date.'),
  })
  .describe('A milestone with its owner role and target offset from close.');

/** A usage ramp target: by `day` after close, the customer should reach `target` of `metric`. */
const RampTarget = z
  .strictObject({
    metric: z
      .string()
      .min(1)
      .describe('The usage metric (usage records with this metric), e.g. active-users.'),
    day: z.number().int().min(0).describe('Days after close.'),
    target: z.number().min(0).describe('The value the latest usage should reach by then.'),
  })
  .describe('A ramp target for product usage.');

/** When onboarding is done. */
const ExitCriteria = z
  .strictObject({
    milestones: z
      .array(z.string())
      .default([])
      .describe('Milestones that must be done (empty: every milestone of the plan).'),
    usage: z
      .array(z.strictObject({ metric: z.string().min(1), min: z.number().min(0) }))
      .default([])
      .describe('Adoption thresholds: the latest usage of each metric must reach min.'),
  })
  .describe('Exit criteria: first value reached and adoption at threshold.');

/** An onboarding plan chosen by customer shape. */
export const Plan = z
  .strictObject({
    name: Name.describe('The plan name, used in metrics (time to value by plan).'),
    when: conditionSchema({ celVariables: CEL_VARIABLES })
      .optional()
      .describe('Which customers get it (segment, product, amount); absent matches all. First match wins.'),
    milestones: z.array(Milestone).min(1).describe('The milestones, in order.'),
    ramp: z.array(RampTarget).default([]).describe('Usage ramp targets.'),
    exit: ExitCriteria.default({ milestones: [], usage: [] }),
  })
  .describe('An onboarding plan.');

/** A parsed plan. */
export type Plan = z.infer<typeof Plan>;

/** The onboard loop's YAML. */
export const OnboardConfig = z
  .strictObject({
    schedule: ScheduleConfig.describe('When the evaluator runs.'),
    plans: z.array(Plan).min(1).describe('Onboarding plans, tried in order.'),
    status: z
      .strictObject({
        lateAfterDays: z
          .number()
          .min(0)
          .default(3)
          .describe('A milestone overdue by more than this many days makes the customer late.'),
        dueSoonDays: z
          .number()
          .min(0)
          .default(0)
          .describe('A milestone due within this many days and not done makes the customer at risk.'),
        rampTolerance: z
          .number()
          .min(0)
          .max(1)
          .default(0.8)
          .describe('Usage below this share of the ramp target makes the customer at risk.'),
      })
      .default({ lateAfterDays: 3, dueSoonDays: 0, rampTolerance: 0.8 })
      .describe('How the evaluator grades a customer: on track, at risk or late.'),
    pauseWhileWaiting: z
      .boolean()
      .default(true)
      .describe('Stop the clock (milestone targets and ramp days) while waiting on the customer.'),
    nudges: z
      .strictObject({
        channels: z
          .array(z.enum(['slack', 'email', 'in-app']))
          .min(1)
          .default(['in-app'])
          .describe('Where the milestone owner is nudged when a customer becomes at risk or late.'),
        escalateWhen: z
          .enum(['late', 'at-risk', 'never'])
          .default('late')
          .describe("The status at which the owner's manager is told as well."),
      })
      .default({ channels: ['in-app'], escalateWhen: 'late' }),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.plans.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({
          code: 'custom',
          path: ['plans', i, 'name'],
          message: `plan ${p.name} is named twice`,
        });
      seen.add(p.name);
      const names = new Set(p.milestones.map((m) => m.name));
      p.exit.milestones.forEach((m, j) => {
        if (!names.has(m))
          ctx.addIssue({
            code: 'custom',
            path: ['plans', i, 'exit', 'milestones', j],
            message: `milestone ${m} is not in plan ${p.name}`,
          });
      });
    });
  })
  .describe('Onboard: plans from close to first value, milestone and ramp tracking, handoff to expand.');

/** A parsed onboard config. */
export type OnboardConfig = z.infer<typeof OnboardConfig>;
