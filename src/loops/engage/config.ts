import { z } from 'zod';
import { conditionSchema } from '../../kernel/index.js';
import { DiscoveryConfig } from './discovery/index.js';
import { ResearchConfig } from './research-config.js';
import { CRITERIA, RubricConfig } from './rubric-config.js';
import { Segment, SequenceTemplates } from './sequence-config.js';

/** What a suppression rule's CEL expression may name: the prospect, its account and its email domain. */
export const SUPPRESSION_VARIABLES = {
  prospect: 'prospect',
  account: 'account',
  emailDomain: 'emailDomain',
} as const;

const share = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);

const Suppression = z
  .strictObject({
    name: z.string().min(1).describe('What the rule stands for, e.g. unsubscribed; the trace names it.'),
    when: conditionSchema({ celVariables: SUPPRESSION_VARIABLES }).describe(
      'Matched against {prospect, account, emailDomain}: the lead or contact record, its account, and its email domain.',
    ),
  })
  .describe('A reason never to enrol a prospect.');

const Safety = z
  .strictObject({
    suppress: z
      .array(Suppression)
      .default([])
      .describe(
        'Suppression rules (unsubscribed, bounced, competitor, customer): any match blocks enrolment.',
      ),
    dailyCapPerRep: z
      .number()
      .int()
      .positive()
      .default(25)
      .describe('Most sequences that start on one day per rep; later ones start on the next working day.'),
    maxCapDays: z
      .number()
      .int()
      .positive()
      .default(10)
      .describe('How many working days ahead a start may be moved for the cap before the deploy is held.'),
    minDaysSinceLastSequence: z
      .number()
      .int()
      .nonnegative()
      .default(30)
      .describe('A prospect whose last sequence ended fewer days ago is not enrolled again.'),
  })
  .prefault({})
  .describe('Enrolment safety: who is never enrolled, one active sequence at a time, and caps.');

const Deploy = z
  .strictObject({
    channel: z
      .string()
      .min(1)
      .default('engagement')
      .describe(
        'The outbox channel of the engagement platform (route it to webhook in revloops.yaml channels).',
      ),
    sendAt: z
      .string()
      .regex(/^\d{2}:\d{2}$/, 'expected HH:mm')
      .default('09:00')
      .describe("Local time of the rep's day each email is sent."),
    skipWeekends: z.boolean().default(true).describe('Send on Monday to Friday only.'),
    defaultTimezone: z
      .string()
      .min(1)
      .default('UTC')
      .describe('Time zone of reps whose user record has none.'),
  })
  .prefault({})
  .describe('How an approved sequence goes to the engagement platform.');

const Replies = z
  .strictObject({
    stopAccountOnReply: z
      .boolean()
      .default(true)
      .describe('A reply from anyone at an account stops the active sequences of everyone else there.'),
    oooDefaultDays: z
      .number()
      .int()
      .positive()
      .default(14)
      .describe('An out-of-office reply without a return date pauses the sequence this many days.'),
    ownerTask: z.boolean().default(true).describe('Give the owner a task to answer a reply.'),
  })
  .prefault({})
  .describe('What replies, out-of-office answers and bounces do to a deployed sequence.');

const Outbound = z
  .strictObject({
    titles: z
      .array(z.string().min(1))
      .default(['revenue operations', 'sales operations', 'vp sales', 'head of sales', 'cro'])
      .describe('Title words that make a contact the one to write to, best first.'),
    contactsPerSignal: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(1)
      .describe('Contacts enrolled per account signal.'),
  })
  .prefault({})
  .describe('Account signals: which contacts at an owned account get a sequence.');

const Review = z
  .strictObject({
    queue: z
      .string()
      .min(1)
      .default('sequences')
      .describe('The review queue drafts go to, assigned to the owner.'),
    slaHours: z.number().positive().default(24).describe('Hours the rep has to review a draft.'),
  })
  .prefault({})
  .describe('Rep review of drafted sequences.');

const Agent = z
  .strictObject({
    autoAccept: share(0.8, 'An answer at or above this confidence is used as it is.'),
    review: share(0.5, 'Below autoAccept and at or above this, the draft is flagged for the rep.'),
  })
  .prefault({})
  .describe('Confidence thresholds of the compose and rubric agent answers.');

const EditRate = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the monitor runs.'),
    minReviews: z
      .number()
      .int()
      .positive()
      .default(20)
      .describe('Fewest reviewed sequences before it judges.'),
    maxEditRate: share(0.3, 'Propose a stricter threshold for a criterion whose lines reps edit more often.'),
    step: share(0.05, 'How much the proposal raises the threshold.'),
  })
  .prefault({})
  .describe('Feeds rep edits back to the composer: criteria whose lines reps keep rewriting.');

/** The engage loop's YAML (loops/engage.yaml). */
export const EngageConfig = z
  .strictObject({
    research: ResearchConfig,
    segments: z
      .record(z.string().min(1), Segment)
      .refine((s) => Object.keys(s).length > 0, { message: 'expected at least one segment' })
      .describe('Persona, value props, step count and spacing per segment; `default` covers the rest.'),
    sequence: SequenceTemplates,
    rubric: RubricConfig,
    review: Review,
    safety: Safety,
    deploy: Deploy,
    replies: Replies,
    outbound: Outbound,
    agent: Agent,
    monitors: z.strictObject({ editRate: EditRate }).prefault({}).describe('Monitors and proposers.'),
    discovery: DiscoveryConfig.prefault({}),
  })
  .superRefine((c, ctx) => {
    for (const [name, s] of Object.entries(c.segments)) {
      if (s.steps > c.sequence.steps.length)
        ctx.addIssue({
          code: 'custom',
          path: ['segments', name, 'steps'],
          message: `segment ${name} sends ${s.steps} emails but sequence.steps has ${c.sequence.steps.length} templates`,
        });
    }
    for (const id of CRITERIA)
      if (c.rubric.thresholds[id] === undefined)
        ctx.addIssue({ code: 'custom', path: ['rubric', 'thresholds', id], message: 'expected a threshold' });
  })
  .describe('Engage: research, compose, rubric, rep review and deploy of outreach sequences.');

/** A parsed engage config. */
export type EngageConfig = z.infer<typeof EngageConfig>;
