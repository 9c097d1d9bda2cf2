import { z } from 'zod';
import { TickInput } from '../../kernel/index.js';

const optText = (what: string) => z.string().nullish().describe(what);

/**
 * A won deal (event opportunity.won, from pursue or a CRM). Only the opportunity id is required;
 * the loop reads the opportunity and account records for the rest.
 */
export const OpportunityWonIn = z
  .looseObject({
    opportunityId: z.string().min(1).describe('The won opportunity in the records of work.'),
    accountId: optText('Its account.'),
    ownerId: optText('The rep who won it.'),
    amount: z.number().nullish().describe('The deal amount, when the sender knows it.'),
    closedAt: optText('When it closed (ISO-8601).'),
    at: optText('When it closed, as pursue sends it.'),
  })
  .describe('A won deal to onboard.');

/** A parsed won-deal input. */
export type OpportunityWonIn = z.infer<typeof OpportunityWonIn>;

/** A milestone reached (event onboard.milestone-done, from the CRM or the customer team). */
export const MilestoneDone = z
  .strictObject({
    customerId: z.string().min(1).describe('The customer.'),
    milestone: z.string().min(1).describe('The milestone name, as in the plan.'),
    at: z.iso.datetime({ offset: true }).optional().describe('When it was done (default: now).'),
  })
  .describe('A milestone that was done.');

/** A parsed MilestoneDone event. */
export type MilestoneDone = z.infer<typeof MilestoneDone>;

/** A change in whether the team is waiting on the customer (event onboard.waiting). */
export const Waiting = z
  .strictObject({
    customerId: z.string().min(1),
    waiting: z.boolean().describe('True: waiting on the customer from now; false: the wait is over.'),
    reason: z.string().optional().describe('What the team waits for.'),
  })
  .describe('Waiting on the customer starts or ends.');

/** A parsed Waiting event. */
export type Waiting = z.infer<typeof Waiting>;

/** A usage reading (event usage.recorded), kept as a usage record. */
export const UsageRecorded = z
  .strictObject({
    customerId: z.string().min(1).describe('The customer id, or the account id of a customer.'),
    metric: z.string().min(1).describe('e.g. active-users.'),
    value: z.number().describe('The reading.'),
    period: z.string().min(1).describe('The period it covers, e.g. 2026-12-01 or 2026-W49.'),
  })
  .describe('A product usage reading.');

/** A parsed UsageRecorded event. */
export type UsageRecorded = z.infer<typeof UsageRecorded>;

/** One signal's part in a status, as the per-customer decision records it. */
const StatusSignal = z.strictObject({
  signal: z.string().describe('milestone:<name> or ramp:<metric>.'),
  status: z.enum(['on-track', 'at-risk', 'late']),
  value: z.json().describe('What it measured.'),
  reason: z.string(),
});

/** A customer whose onboarding status changed, found by the evaluator; each is its own decision. */
export const StatusChanged = z
  .strictObject({
    customerId: z.string().min(1),
    plan: z.string(),
    status: z.enum(['on-track', 'at-risk', 'late', 'onboarded']),
    previous: z.string().nullable(),
    day: z.number().describe('Onboarding day, with waiting time taken out when config says so.'),
    signals: z.array(StatusSignal),
    moved: z.array(z.string()).describe('The signals whose status changed since the last evaluation.'),
    owner: z.string().describe('Who is nudged: the owner of the milestone that moved the status.'),
    scheduledFor: z.string(),
  })
  .describe('An onboarding status change.');

/** A parsed status change. */
export type StatusChanged = z.infer<typeof StatusChanged>;

/** Handed to expand when onboarding exits (event customer.onboarded), with the onboarding summary. */
export const CustomerOnboarded = z
  .strictObject({
    customerId: z.string().min(1),
    accountId: z.string().nullable(),
    plan: z.string(),
    startedAt: z.string(),
    onboardedAt: z.string(),
    daysToValue: z.number().describe('Days from close to exit, waiting time taken out.'),
    waitedDays: z.number(),
    milestones: z.array(
      z.strictObject({ name: z.string(), dueAt: z.string(), doneAt: z.string().nullable() }),
    ),
    lateMilestones: z.number().int(),
  })
  .describe('A customer that finished onboarding.');

/** A parsed CustomerOnboarded event. */
export type CustomerOnboarded = z.infer<typeof CustomerOnboarded>;

/** What starts an onboard run (the event type tells which). */
export const OnboardInput = z.union([
  TickInput,
  MilestoneDone,
  Waiting,
  UsageRecorded,
  StatusChanged,
  OpportunityWonIn,
]);

/** A parsed onboard input. */
export type OnboardInput = z.infer<typeof OnboardInput>;

const Task = z.strictObject({
  name: z.string(),
  assignee: z.string(),
  dueAt: z.string(),
  taskId: z.string(),
});

/** What an onboard decision records. */
export const OnboardOutput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('plan'),
    customerId: z.string(),
    plan: z.string().nullable(),
    tasks: z.array(Task),
  }),
  z.strictObject({
    kind: z.literal('evaluation'),
    scheduledFor: z.string(),
    active: z.number().int(),
    changed: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
  }),
  z.strictObject({
    kind: z.literal('status'),
    customerId: z.string(),
    status: z.string(),
    previous: z.string().nullable(),
    plan: z.string(),
    day: z.number(),
    nudged: z.array(z.string()),
    escalatedTo: z.string().nullable(),
    handedOff: z.boolean(),
    daysToValue: z.number().nullable(),
  }),
  z.strictObject({
    kind: z.literal('update'),
    customerId: z.string(),
    change: z.enum(['milestone', 'waiting', 'usage']),
    applied: z.boolean(),
    detail: z.string(),
  }),
]);

/** An onboard decision's output. */
export type OnboardOutput = z.infer<typeof OnboardOutput>;
