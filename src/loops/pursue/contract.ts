import { z } from 'zod';
import { TickInput } from '../../kernel/index.js';

const optText = (what: string) => z.string().nullish().describe(what);

/**
 * A sales-qualified opportunity (event `opportunity.sqo`, from engage discovery or a CRM). Only
 * the opportunity id is required; the loop reads the opportunity record for the rest, and the
 * payload's own fields (discovery coverage and evidence) are kept.
 */
export const OpportunitySqoIn = z
  .looseObject({
    opportunityId: z.string().min(1).describe('The opportunity in the records of work.'),
    accountId: optText('Its account.'),
    ownerId: optText('Its owner.'),
    amount: z.number().nullish().describe('The deal amount, when the sender knows it.'),
  })
  .describe('A sales-qualified opportunity to run a play on.');

/** A parsed SQO input. */
export type OpportunitySqoIn = z.infer<typeof OpportunitySqoIn>;

/** One warning's part in a deal's risk, as handed to the per-deal decision. */
const SignalPart = z.strictObject({
  signal: z.string().describe('The warning, e.g. stale.'),
  fired: z.boolean().describe('Whether it fired.'),
  value: z.json().describe('What it measured (days, a date, a count).'),
  contribution: z.number().describe('What it added to the risk score.'),
  reason: z.string().describe('Why, in words.'),
});

/** A deal whose risk changed, found by the daily evaluator; each is its own decision. */
export const DealRisk = z
  .strictObject({
    kind: z.literal('pursue.deal-risk'),
    opportunityId: z.string().min(1),
    ownerId: z.string().nullable(),
    play: z.string().nullable(),
    stage: z.string(),
    level: z.enum(['low', 'medium', 'high']),
    score: z.number(),
    previousLevel: z.string().nullable(),
    signals: z.array(SignalPart),
    /** Nudges the owner ignored so far (no activity since each). */
    ignored: z.number().int().min(0),
    /** acted: the owner worked the deal since the last nudge; ignored: not; null: no nudge before. */
    followUp: z.enum(['acted', 'ignored']).nullable(),
    nudge: z.boolean().describe('Whether this change warrants a nudge (level at or above nudges.minLevel).'),
    /** Set when evaluating history (--as-of): how the deal ended; no nudge goes out for history. */
    outcome: z.enum(['won', 'lost']).nullable(),
    staleDays: z.number().nullable(),
    scheduledFor: z.string(),
    history: z
      .boolean()
      .optional()
      .describe('Found by a history pass: recorded only, nobody is nudged or escalated to.'),
  })
  .describe('A deal whose risk changed since the last evaluation.');

/** A parsed deal-risk input. */
export type DealRisk = z.infer<typeof DealRisk>;

/** A deal the evaluator saw close since its last run. */
export const DealClosed = z
  .strictObject({
    kind: z.literal('pursue.deal-closed'),
    opportunityId: z.string().min(1),
    accountId: z.string().nullable(),
    ownerId: z.string().nullable(),
    amount: z.number().nullable(),
    outcome: z.enum(['won', 'lost']),
    play: z.string().nullable(),
    stage: z.string(),
    riskLevel: z.string().nullable(),
    staleDays: z.number().nullable(),
    cycleDays: z.number().nullable(),
    closedAt: z.string().nullable(),
  })
  .describe('An evaluated deal that closed won or lost.');

/** A parsed deal-closed input. */
export type DealClosed = z.infer<typeof DealClosed>;

/**
 * Handed to onboard when a deal is won (event opportunity.won). Qualify reads the same event for
 * its outcome tracking, so the amount is left out rather than null when unknown.
 */
export const OpportunityWon = z
  .strictObject({
    opportunityId: z.string().min(1).describe('The won opportunity.'),
    accountId: z.string().nullable().describe('Its account.'),
    ownerId: z.string().nullable().describe('The rep who won it.'),
    amount: z.number().nonnegative().optional().describe('The deal amount, when known.'),
    play: z.string().nullable().describe('The play it ran.'),
    at: z.iso.datetime({ offset: true }).optional().describe('When it closed, when known.'),
  })
  .describe('A won deal, ready for onboarding.');

/**
 * A scheduled pass. `history` marks a pass for an instant already past when it was requested
 * (`revloops run pursue --as-of`): it decides and records, but nudges no one and writes no field.
 * The flag travels in the tick so a replay takes the same branch.
 */
export const PursueTick = TickInput;

/** A parsed pursue tick. */
export type PursueTick = z.infer<typeof PursueTick>;

/** What a daily pass counted so far: carried from page to page, whole on the pass's last decision. */
const PassTotals = z.strictObject({
  open: z.number().int().min(0),
  changed: z.number().int().min(0),
  closed: z.number().int().min(0),
  byLevel: z.record(z.string(), z.number().int()),
  replayed: z.number().int().min(0),
  withheldWrites: z.number().int().min(0),
});

/** A parsed pass total. */
export type PassTotals = z.infer<typeof PassTotals>;

/**
 * The next page of a daily pass over many deals (event `pursue.evaluate-page`): each page of
 * opportunities is its own decision, so a pass over a million deals never holds them, or what it
 * decides about them, at once. It carries what the whole pass shares: the instant it evaluates at,
 * the medians of won deals, and the totals of the pages before.
 */
export const EvaluatePage = z
  .strictObject({
    kind: z.literal('pursue.evaluate-page'),
    scheduledFor: z.string(),
    asOf: z.iso.datetime().describe('The instant the pass evaluates at, the same for every page.'),
    history: z.boolean().optional().describe('A history pass: recorded only.'),
    after: z.string().describe('The last opportunity id the pages before evaluated.'),
    page: z.number().int().min(2),
    medians: z.array(z.strictObject({ key: z.string(), days: z.number(), deals: z.number().int().min(1) })),
    totals: PassTotals,
  })
  .describe('The next page of opportunities of a daily pass.');

/** A parsed page of a pass. */
export type EvaluatePage = z.infer<typeof EvaluatePage>;

/** What starts a pursue run. */
export const PursueInput = z.union([PursueTick, EvaluatePage, DealRisk, DealClosed, OpportunitySqoIn]);

/** A parsed pursue input. */
export type PursueInput = z.infer<typeof PursueInput>;

/** What a pursue decision records. */
export const PursueOutput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('play'),
    opportunityId: z.string(),
    play: z.string().nullable(),
    tasks: z.array(
      z.strictObject({ name: z.string(), assignee: z.string(), dueAt: z.string(), taskId: z.string() }),
    ),
  }),
  z.strictObject({
    kind: z.literal('evaluation'),
    scheduledFor: z.string(),
    open: z.number().int(),
    assessed: z.number().int(),
    changed: z.number().int(),
    byLevel: z.record(z.string(), z.number().int()),
    closed: z.number().int(),
    digests: z.number().int(),
    history: z.literal(true).optional(),
    page: z
      .number()
      .int()
      .optional()
      .describe(
        'In a pass over more deals than one page: the page this decision evaluated (totals run to it).',
      ),
    continued: z.literal(true).optional().describe('The pass goes on in the next page.'),
  }),
  z.strictObject({
    kind: z.literal('risk'),
    opportunityId: z.string(),
    level: z.string(),
    score: z.number(),
    play: z.string().nullable(),
    stage: z.string(),
    nudged: z.array(z.string()),
    escalatedTo: z.string().nullable(),
    followUp: z.string().nullable(),
    outcome: z.string().nullable(),
    staleDays: z.number().nullable(),
    history: z.literal(true).optional(),
  }),
  z.strictObject({
    kind: z.literal('closed'),
    opportunityId: z.string(),
    outcome: z.string(),
    riskLevel: z.string().nullable(),
    play: z.string().nullable(),
    stage: z.string(),
    cycleDays: z.number().nullable(),
    staleDays: z.number().nullable(),
  }),
]);

/** A pursue decision's output. */
export type PursueOutput = z.infer<typeof PursueOutput>;
