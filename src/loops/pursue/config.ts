import { z } from 'zod';
import { conditionSchema, ScheduleConfig } from '../../kernel/index.js';
import { Milestone, SignalsConfig } from './signal-config.js';

/** What a CEL expression in a play may name: `deal` is the opportunity (`deal.amount > 50000`). */
export const CEL_VARIABLES: Readonly<Record<string, string>> = { deal: '' };

const Name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a name of letters, digits, dashes or underscores')
  .max(80);

/** A play: the deals it fits, and its milestones in order. */
export const Play = z
  .strictObject({
    name: Name.describe('The play name, e.g. enterprise-new. Used in metrics (win rate by play).'),
    description: z.string().default('').describe('What the play is for, for people.'),
    when: conditionSchema({ celVariables: CEL_VARIABLES })
      .optional()
      .describe(
        'Which deals get this play (amount band, segment, product, type, stage); absent matches every deal. The first play whose condition matches is used.',
      ),
    milestones: z.array(Milestone).min(1).describe('The milestones of the play, in order.'),
  })
  .describe('A deal play chosen by deal shape.');

/** A parsed play. */
export type Play = z.infer<typeof Play>;

/** How the open, won and lost state of an opportunity is read from its fields. */
const OutcomeFields = z
  .strictObject({
    won: z
      .array(z.string())
      .default(['won', 'closed won', 'closed-won'])
      .describe('Values of `outcome`, `status` or `stage` that mean won (any case).'),
    lost: z
      .array(z.string())
      .default(['lost', 'closed lost', 'closed-lost'])
      .describe('Values of `outcome`, `status` or `stage` that mean lost (any case).'),
  })
  .describe('Open deals only: a deal whose outcome, status or stage says won or lost is closed.');

/** How nudges go out. */
const NudgeConfig = z
  .strictObject({
    channels: z
      .array(z.enum(['slack', 'email', 'in-app']))
      .min(1)
      .default(['in-app'])
      .describe('Where nudges go (each a channel of the outbox).'),
    mode: z
      .enum(['immediate', 'digest'])
      .default('immediate')
      .describe('immediate: one nudge per deal as its risk changes; digest: one message per rep per run.'),
    minLevel: z
      .enum(['medium', 'high'])
      .default('medium')
      .describe('The lowest risk level that nudges the owner.'),
    escalateAfterIgnored: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe(
        "Nudges the owner may ignore (no activity on the deal since) before the next one also goes to the owner's manager.",
      ),
  })
  .describe('Nudges to deal owners, and escalation to their managers.');

/** The staleness-threshold proposer's settings. */
const ProposalsConfig = z
  .strictObject({
    staleness: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Propose staleness threshold changes.'),
        minDeals: z
          .number()
          .int()
          .min(1)
          .default(20)
          .describe('Closed deals of a stage needed before a change is proposed.'),
      })
      .default({ enabled: true, minDeals: 20 })
      .describe('Proposes a per-stage staleness threshold that separates won from lost deals better.'),
  })
  .default({ staleness: { enabled: true, minDeals: 20 } })
  .describe('Level-3 feedback: proposals backed by a backtest over closed deals.');

/** The pursue loop's YAML. */
export const PursueConfig = z
  .strictObject({
    schedule: ScheduleConfig.default({ cron: '0 6 * * *', timezone: 'UTC', catchUp: 'latest' }).describe(
      'When the daily deal evaluator runs.',
    ),
    plays: z.array(Play).min(1).describe('Plays by deal shape, first match wins.'),
    outcomes: OutcomeFields.default({
      won: ['won', 'closed won', 'closed-won'],
      lost: ['lost', 'closed lost', 'closed-lost'],
    }),
    minOpenDays: z
      .number()
      .min(0)
      .default(3)
      .describe('A deal open fewer days than this gets no risk level yet (not enough data).'),
    signals: SignalsConfig,
    risk: z
      .strictObject({
        medium: z
          .number()
          .min(0)
          .default(0.3)
          .describe('Risk score at or above which a deal is medium risk.'),
        high: z.number().min(0).default(0.6).describe('Risk score at or above which a deal is high risk.'),
      })
      .refine((r) => r.high >= r.medium, { message: 'high must be at least medium' })
      .default({ medium: 0.3, high: 0.6 })
      .describe('The risk score is the sum of the fired signals’ contributions.'),
    nudges: NudgeConfig.default({
      channels: ['in-app'],
      mode: 'immediate',
      minLevel: 'medium',
      escalateAfterIgnored: 2,
    }),
    proposals: ProposalsConfig,
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
  .describe('Pursue: deal plays with milestone tasks, a daily deal evaluator, and nudges.');

/** A parsed pursue config. */
export type PursueConfig = z.infer<typeof PursueConfig>;
