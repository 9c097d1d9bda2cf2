import { z } from 'zod';
import { conditionSchema } from '../../kernel/index.js';

/** What a CEL expression in a rule may name: `lead` is the lead being routed (`lead.grade == 'A'`). */
export const CEL_VARIABLES: Readonly<Record<string, string>> = { lead: '' };

/** A rule or segment condition: structured, or `{cel: "..."}` reading `lead`. */
const When = conditionSchema({ celVariables: CEL_VARIABLES });

/** A rule, pool or queue name: letters, digits, dots, dashes and underscores. */
export const Name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a name of letters, digits, dashes or underscores')
  .max(80)
  .describe('A name such as na-commercial.');

/** A user id as the records of work know it (the record id, or the external id a CSV import kept). */
export const UserId = z.string().min(1).max(200).describe('A user id, e.g. u-ana.');

const WhenUnavailable = z
  .enum(['next-rule', 'assign-anyway'])
  .default('next-rule')
  .describe(
    'When the person is inactive, away or outside working hours: next-rule keeps walking the rules, assign-anyway assigns them regardless.',
  );

/** Where an agent's answer (or an overflow) sends a lead: exactly one of user, pool, territory or queue. */
export const Target = z
  .strictObject({
    user: UserId.optional().describe('Assign to this user.'),
    pool: Name.optional().describe('Assign through this pool.'),
    territory: z.string().min(1).optional().describe("Assign to this territory record's owner."),
    queue: Name.optional().describe('Put the lead in this queue.'),
  })
  .superRefine((t, ctx) => {
    const set = (['user', 'pool', 'territory', 'queue'] as const).filter((k) => t[k] !== undefined);
    if (set.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `expected exactly one of user, pool, territory or queue (found ${set.join(', ') || 'none'})`,
      });
  })
  .describe('Where the lead goes: one of user, pool, territory or queue.');

/** A parsed target. */
export type Target = z.infer<typeof Target>;

/** Confidence thresholds of an agent step, shared by the agent block and agent actions. */
export const Thresholds = z
  .strictObject({
    autoAccept: z
      .number()
      .min(0)
      .max(1)
      .describe('At or above this confidence the answer is applied without a person.'),
    review: z
      .number()
      .min(0)
      .max(1)
      .describe(
        'At or above this (and below autoAccept) the lead goes to the review queue; below, to triage.',
      ),
  })
  .refine((t) => t.review <= t.autoAccept, { message: 'expected review <= autoAccept', path: ['review'] })
  .describe('Confidence thresholds: fire at autoAccept, review at review, else triage.');

/** One piece of evidence an agent weighs: a field of the lead, read as a vote for an option. */
const Signal = z
  .strictObject({
    name: Name.describe('What the evidence is, e.g. billing-country.'),
    field: z
      .string()
      .min(1)
      .describe('Dotted path of the lead field to read, e.g. country or account.region.'),
    weight: z.number().min(0).default(1).describe('How much this signal counts against the others.'),
    labels: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe(
        'Maps values (ignoring case) to options, e.g. { US: NA, DE: EMEA }; a key starting with a dot matches the end of the value (.de). Without it the value itself must name an option.',
      ),
  })
  .describe('A lead field read as a vote for one of the options.');

/** A parsed signal. */
export type Signal = z.infer<typeof Signal>;

const UserAction = z
  .strictObject({
    type: z.literal('user').describe('Assign to one named user.'),
    user: UserId,
    whenUnavailable: WhenUnavailable,
  })
  .describe('Assign to a user.');

const PoolAction = z
  .strictObject({
    type: z.literal('pool').describe('Assign through a pool of reps.'),
    pool: Name.describe('The pool, as named under pools.'),
  })
  .describe('Assign through a pool (round robin, fewest open opportunities or weighted).');

const AccountOwnerAction = z
  .strictObject({
    type: z
      .literal('account-owner')
      .describe('Assign to the owner of the account the lead matches (by domain), for continuity.'),
    whenUnavailable: WhenUnavailable,
  })
  .describe(
    "Assign to the matched account's owner. No match, or an account with no owner, moves on to the next rule.",
  );

const TerritoryAction = z
  .strictObject({
    type: z.literal('territory').describe("Assign to a territory's owner."),
    territory: z
      .string()
      .min(1)
      .optional()
      .describe('A territory record id; without it the territory is read from `field`.'),
    field: z
      .string()
      .min(1)
      .default('territoryId')
      .describe('Dotted path of the lead field holding the territory id (account.territoryId also works).'),
    whenUnavailable: WhenUnavailable,
  })
  .describe("Assign to the owner of a territory (a parent territory's owner when it has none).");

const QueueAction = z
  .strictObject({
    type: z.literal('queue').describe('Put the lead in a named queue for people to work.'),
    queue: Name.describe('The queue: review, triage or one named under queues.'),
  })
  .describe('Send to a queue (review, triage, nurture...).');

const AgentAction = z
  .strictObject({
    type: z.literal('agent').describe('Ask an agent where an ambiguous lead belongs.'),
    question: z.string().min(1).describe('What the agent decides, e.g. region or segment.'),
    options: z
      .record(z.string().min(1), Target)
      .refine((o) => Object.keys(o).length >= 2, 'expected at least two options')
      .describe(
        'Each answer the agent may give and where it sends the lead, e.g. NA: { pool: na-commercial }.',
      ),
    signals: z.array(Signal).min(1).describe('The evidence the agent weighs.'),
    thresholds: Thresholds.optional().describe('Overrides agent.thresholds for this rule.'),
  })
  .describe(
    'An agent step: its confidence decides whether the answer fires, goes to review or goes to triage.',
  );

/** What a rule does when it matches. */
export const Action = z
  .discriminatedUnion('type', [
    UserAction,
    PoolAction,
    AccountOwnerAction,
    TerritoryAction,
    QueueAction,
    AgentAction,
  ])
  .describe('What happens when the rule matches: user, pool, account-owner, territory, queue or agent.');

/** A parsed action. */
export type Action = z.infer<typeof Action>;

/** The SLA of a rule: how soon the assignee must act before the lead is escalated. */
const RuleSla = z
  .strictObject({
    minutes: z.number().int().positive().describe('Minutes the assignee has to act after assignment.'),
    workingHoursOnly: z
      .boolean()
      .default(false)
      .describe("Count only the assignee's working hours (in their time zone)."),
    onBreach: z
      .enum(['reassign', 'notify'])
      .default('reassign')
      .describe(
        'reassign: give the lead to the next rep of the pool and tell the manager; notify: only tell the manager.',
      ),
    pool: Name.optional().describe('The pool to reassign from; default: the pool the rule assigns through.'),
    escalateTo: UserId.optional().describe("Who is told; default: the pool's manager, else sla.manager."),
  })
  .describe('First-response SLA, timed from assignment.');

/** A parsed rule SLA. */
export type RuleSla = z.infer<typeof RuleSla>;

/** One routing rule. Rules are tried in order; the first that matches fires. */
export const Rule = z
  .strictObject({
    name: Name.describe('The rule name, shown in traces and metrics.'),
    description: z.string().optional().describe('What the rule is for, in plain words.'),
    enabled: z.boolean().default(true).describe('A disabled rule is skipped (and says so in the trace).'),
    when: When.optional().describe(
      'The condition; without one the rule matches every lead. CEL reads the lead as `lead`, e.g. { cel: "lead.grade == \'A\'" }.',
    ),
    action: Action,
    sla: RuleSla.optional(),
  })
  .describe('A routing rule: a condition and what to do when it matches.');

/** A parsed rule. */
export type Rule = z.infer<typeof Rule>;

/** A named segment the lead falls in, derived before the rules run. */
export const Segment = z
  .strictObject({
    name: Name.describe('The segment, e.g. commercial.'),
    when: When.describe('The condition a lead meets to be in the segment.'),
  })
  .describe('A segment: the first whose condition matches is written to the lead as `segment`.');
