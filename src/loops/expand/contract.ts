import { z } from 'zod';
import { TickInput } from '../../kernel/index.js';

/** A customer handed over by onboard (event customer.onboarded); only the customer id is required. */
export const CustomerOnboardedIn = z
  .looseObject({
    customerId: z.string().min(1).describe('The customer record.'),
    accountId: z.string().nullish(),
    plan: z.string().nullish().describe('The onboarding plan it ran.'),
    daysToValue: z.number().nullish().describe('Days from close to onboarded.'),
  })
  .describe('A customer that finished onboarding.');

/** A parsed onboarded customer. */
export type CustomerOnboardedIn = z.infer<typeof CustomerOnboardedIn>;

const MeasurePart = z.strictObject({
  name: z.string(),
  group: z.string(),
  value: z.number().nullable(),
  points: z.number(),
  contribution: z.number(),
});

/** A customer whose health band changed or who enters plays, found by the scorer; each is its own decision. */
export const CustomerChanged = z
  .strictObject({
    customerId: z.string().min(1),
    score: z.number(),
    band: z.string(),
    previousBand: z.string().nullable(),
    change: z.number(),
    trend: z.enum(['up', 'down', 'flat']),
    measures: z.array(MeasurePart),
    potential: z.strictObject({ score: z.number(), reasons: z.array(z.string()) }),
    daysToRenewal: z.number().nullable(),
    plays: z.array(z.string()).describe('The plays it enters.'),
    scheduledFor: z.string(),
    history: z
      .boolean()
      .optional()
      .describe('Found by a history pass: recorded only, no play is opened and nobody is told.'),
  })
  .describe('A customer whose health band changed or who enters plays.');

/** A parsed customer change. */
export type CustomerChanged = z.infer<typeof CustomerChanged>;

/** What a scoring pass counted so far: carried from page to page, whole on the pass's last decision. */
const ScoringTotals = z.strictObject({
  scored: z.number().int().min(0),
  excluded: z.number().int().min(0),
  byBand: z.record(z.string(), z.number().int()),
  changed: z.number().int().min(0),
  playsOpened: z.number().int().min(0),
});

/** A parsed scoring total. */
export type ScoringTotals = z.infer<typeof ScoringTotals>;

/**
 * The next page of a scoring pass over many customers (event `expand.score-page`): each page of
 * customers is its own decision, so a pass over a million customers never holds them, or what it
 * decided about them, at once.
 */
export const ScorePage = z
  .strictObject({
    kind: z.literal('expand.score-page'),
    scheduledFor: z.string(),
    asOf: z.iso.datetime().describe('The instant the pass scores at, the same for every page.'),
    history: z.boolean().optional().describe('A history pass: recorded only.'),
    after: z.string().describe('The last customer id the pages before scored.'),
    page: z.number().int().min(2),
    totals: ScoringTotals,
  })
  .describe('The next page of customers of a scoring pass.');

/** A parsed page of a scoring pass. */
export type ScorePage = z.infer<typeof ScorePage>;

/**
 * A scheduled pass. `history` marks a pass for an instant already past when it was requested
 * (`revloops run expand --as-of`): it scores and records, but writes no customer, opens no play
 * and notifies no one. The flag travels in the tick so a replay takes the same branch.
 */
export const ExpandTick = TickInput;

/** A parsed expand tick. */
export type ExpandTick = z.infer<typeof ExpandTick>;

/** What starts an expand run (the event type tells which). */
export const ExpandInput = z.union([ExpandTick, ScorePage, CustomerChanged, CustomerOnboardedIn]);

/** A parsed expand input. */
export type ExpandInput = z.infer<typeof ExpandInput>;

/** What an expand decision records. */
export const ExpandOutput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('scoring'),
    scheduledFor: z.string(),
    scored: z.number().int(),
    excluded: z.number().int(),
    byBand: z.record(z.string(), z.number().int()),
    changed: z.number().int(),
    playsOpened: z.number().int(),
    history: z.literal(true).optional(),
    page: z
      .number()
      .int()
      .optional()
      .describe(
        'In a pass over more customers than one page: the page this decision scored (totals run to it).',
      ),
    continued: z.literal(true).optional().describe('The pass goes on in the next page.'),
  }),
  z.strictObject({
    kind: z.literal('customer'),
    customerId: z.string(),
    score: z.number().nullable(),
    band: z.string().nullable(),
    previousBand: z.string().nullable(),
    trend: z.string().nullable(),
    potential: z.number().nullable(),
    plays: z.array(
      z.strictObject({ play: z.string(), kind: z.string(), owner: z.string(), tasks: z.array(z.string()) }),
    ),
    history: z.literal(true).optional(),
  }),
]);

/** An expand decision's output. */
export type ExpandOutput = z.infer<typeof ExpandOutput>;
