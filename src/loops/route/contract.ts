import { z } from 'zod';
import { TickInput } from '../../kernel/index.js';

const text = (what: string) => z.string().nullish().describe(what);
const num = (what: string) => z.number().nullish().describe(what);

/**
 * The account an upstream loop matched the lead's company to (qualify's enrichment, by company
 * name, domain or website): `matched` is used before the lead's domain; `review` awaits a person.
 */
export const MatchedAccount = z
  .looseObject({
    id: z.string().min(1).describe('The account record id.'),
    status: z
      .enum(['matched', 'review'])
      .describe('matched: the match applied; review: it awaits a person, so it is not a confirmed account.'),
    name: text('The account name.'),
    provider: text('Where the match came from, e.g. the enrichment provider crm-accounts.'),
    how: text('How the company was matched, e.g. exact-domain or agent.'),
    confidence: z.number().min(0).max(1).nullish().describe('The confidence of the match.'),
  })
  .describe('An upstream match of the lead to an account.');

/** A parsed upstream account match. */
export type MatchedAccount = z.infer<typeof MatchedAccount>;

/**
 * A lead to route: the payload of `lead.qualified` (a scored, graded lead). Only the lead id is
 * required, so any loop that hands off a lead (qualify, a partner or product-led loop) can feed
 * route; unknown fields are kept and rules can test them.
 */
export const LeadToRoute = z
  .looseObject({
    leadId: z.string().min(1).describe('The lead id in the records of work.'),
    email: text('The lead email address.'),
    domain: text('Company domain.'),
    name: text('Full name.'),
    firstName: text('First name.'),
    lastName: text('Last name.'),
    title: text('Job title.'),
    company: text('Company name.'),
    country: text('Country.'),
    region: text('Sales region (e.g. NA, EMEA) or state.'),
    employees: num('Company headcount.'),
    industry: text('Company industry.'),
    source: text('Where the lead came from.'),
    score: num('Total score.'),
    grade: text('The grade, e.g. A.'),
    fitScore: num('Fit points.'),
    engagementScore: num('Engagement points.'),
    topReasons: z.array(z.string()).nullish().describe('Why the lead scored as it did.'),
    scoringVersion: text('The config version that scored it.'),
    matchedAccount: MatchedAccount.nullish().describe(
      'The account the lead was matched to upstream; route tries it before the lead’s domain.',
    ),
  })
  .describe('A qualified lead to route.');

/** A parsed lead to route. */
export type LeadToRoute = z.infer<typeof LeadToRoute>;

/** A breach the scheduled check found: the assignee did not act in time. Route handles it as its own decision. */
export const SlaBreach = z
  .object({
    kind: z.literal('route.sla-breach').describe('Marks the payload as an SLA breach.'),
    leadId: z.string().min(1).describe('The lead whose SLA was missed.'),
    assignee: z.string().min(1).describe('Who missed it.'),
    assignedAt: z.string().describe('When they were assigned (ISO-8601).'),
    dueAt: z.string().describe('When they had to act by (ISO-8601).'),
    rule: z.string().describe('The rule that assigned the lead.'),
    pool: z.string().nullable().describe('The pool the lead came from, if any.'),
    escalations: z.number().int().nonnegative().describe('Reassignments the lead has had so far.'),
  })
  .describe('An SLA breach to escalate.');

/** A parsed SLA breach. */
export type SlaBreach = z.infer<typeof SlaBreach>;

/** A waiting lead the scheduled check retries now that its pool has room. */
export const WaitingRetry = z
  .object({
    kind: z.literal('route.retry').describe('Marks the payload as a retry of a waiting lead.'),
    leadId: z.string().min(1).describe('The waiting lead.'),
    pool: z.string().min(1).describe('The pool it waits on.'),
    rule: z.string().describe('The rule that sent it to the pool.'),
    waitingSince: z.string().describe('When it started waiting (ISO-8601).'),
  })
  .describe('A retry of a waiting lead.');

/** A parsed retry. */
export type WaitingRetry = z.infer<typeof WaitingRetry>;

/** One step of a member's planned ramp: the factor of capPerDay from a date on. */
const RampStep = z.object({
  from: z.string().describe('First day the factor applies (YYYY-MM-DD).'),
  factor: z.number().min(0).max(1).describe('Share of full capacity, 0 to 1.'),
});

/** The payload of `capacity.planned` as route reads it: each planned member's ramp schedule. */
export const CapacityPlanned = z
  .object({
    kind: z.literal('capacity.planned').describe('Marks the payload as a capacity plan.'),
    scenario: z.string().min(1).describe('The scenario the plan comes from.'),
    effective: z.string().describe('First day of the plan year.'),
    members: z
      .array(
        z.object({
          userId: z.string().min(1).describe('The user, as route pools name them.'),
          schedule: z.array(RampStep).describe('Ramp factors by date, in date order.'),
        }),
      )
      .describe('Quota-carrying people on the roster.'),
  })
  .describe('Capacity from the active scenario, for pool caps.');

/** A parsed capacity plan. */
export type CapacityPlanned = z.infer<typeof CapacityPlanned>;

/** Everything route runs on: a lead, a schedule tick, a breach or a retry (the last two route sends itself). */
export const RouteInput = z
  .union([TickInput, SlaBreach, WaitingRetry, CapacityPlanned, LeadToRoute])
  .describe(
    'A lead (lead.qualified), a schedule tick, an SLA breach, a waiting-lead retry or a capacity plan from design.',
  );

/** A parsed route input. */
export type RouteInput = z.infer<typeof RouteInput>;

/** How a lead's routing ended. */
const OUTCOMES = ['assigned', 'kept', 'queued', 'review', 'triage', 'waiting'] as const;

const Routed = z
  .strictObject({
    kind: z.literal('routed'),
    leadId: z.string(),
    outcome: z.enum(OUTCOMES).describe('assigned, kept (already owned), queued, review, triage or waiting.'),
    rule: z.string().nullable().describe('The rule that fired (null: the otherwise action).'),
    via: z.string().describe('How: user, pool, account-owner, territory, queue, agent or existing-owner.'),
    assignee: z.string().nullable().describe('The new owner, when assigned.'),
    pool: z.string().nullable().describe('The pool that picked them, if any.'),
    queue: z.string().nullable().describe('The queue, when queued, reviewed or triaged.'),
    slaDueAt: z.string().nullable().describe('When the assignee must act by, if the rule has an SLA.'),
  })
  .describe('Where a lead went.');

const SlaScan = z
  .strictObject({
    kind: z.literal('sla-scan'),
    scheduledFor: z.string(),
    pending: z.number().describe('Assignments with a running SLA that were checked.'),
    met: z.number().describe('Assignments whose assignee acted.'),
    breached: z.number().describe('Breaches handed on for escalation.'),
    retried: z.number().describe('Waiting leads handed on for a retry.'),
  })
  .describe('What a scheduled check found.');

const Escalation = z
  .strictObject({
    kind: z.literal('escalation'),
    leadId: z.string(),
    outcome: z
      .enum(['reassigned', 'notified', 'stale'])
      .describe('reassigned to the next rep, manager notified only, or stale (already acted on or moved).'),
    from: z.string(),
    to: z.string().nullable().describe('The new owner, when reassigned.'),
    notified: z.string().nullable().describe('Who was told.'),
  })
  .describe('What an SLA breach led to.');

const Capacity = z
  .strictObject({
    kind: z.literal('capacity'),
    scenario: z.string(),
    updated: z.array(z.string()).describe('Users whose planned ramp was recorded.'),
    unknown: z.array(z.string()).describe('Roster people with no user record (planned hires).'),
    pools: z.array(z.string()).describe('Pools that scale their caps by the plan (capFromPlan).'),
  })
  .describe('A capacity plan recorded on the users it names.');

/** The output of a route decision. */
export const RouteOutput = z
  .discriminatedUnion('kind', [Routed, SlaScan, Escalation, Capacity])
  .describe('A routed lead, a scheduled check, an escalation, or a recorded capacity plan.');

/** A parsed route output. */
export type RouteOutput = z.infer<typeof RouteOutput>;

/** A routed-lead output. */
export type RoutedOutput = z.infer<typeof Routed>;

/** The payload of `lead.routed`: the lead, its new owner and why, for engagement. */
export const LeadRouted = z
  .object({
    leadId: z.string().describe('The lead id in the records of work.'),
    ownerId: z.string().describe('The user who now owns the lead.'),
    ownerName: z.string().optional().describe("The owner's name."),
    ownerEmail: z.string().optional().describe("The owner's email."),
    rule: z.string().describe('The rule that assigned the lead.'),
    via: z.string().describe('How: user, pool, account-owner, territory or agent.'),
    pool: z.string().optional().describe('The pool that picked the owner.'),
    accountId: z.string().optional().describe('The account the lead matched, if any.'),
    email: z.string().optional().describe('The lead email address.'),
    name: z.string().optional().describe('The lead full name.'),
    title: z.string().optional().describe('Job title.'),
    company: z.string().optional().describe('Company name.'),
    domain: z.string().optional().describe('Company domain.'),
    segment: z.string().optional().describe('The segment the lead fell in.'),
    region: z.string().optional().describe('Sales region.'),
    grade: z.string().optional().describe('The grade qualify gave.'),
    score: z.number().optional().describe('The score qualify gave.'),
    topReasons: z.array(z.string()).optional().describe('Why the lead scored as it did.'),
    assignedAt: z.string().describe('When it was assigned (ISO-8601).'),
    slaDueAt: z.string().optional().describe('When the owner must act by.'),
    routingVersion: z.string().describe('The config version that routed it.'),
  })
  .describe('A lead assigned to its owner, handed to engagement.');

/** A parsed lead.routed payload. */
export type LeadRouted = z.infer<typeof LeadRouted>;
