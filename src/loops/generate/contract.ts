import { z } from 'zod';
import { TickInput } from '../../kernel/index.js';
import { AttributionOutput, OpportunityClosed } from './attribution.js';
import { SIGNAL_KINDS } from './config.js';
import { MixOutput, MixScenario } from './mix-model.js';

const Instant = z.iso.datetime({ offset: true });

/** The event a tick hands to the loop itself for each due campaign: one decision per campaign run. */
export const CAMPAIGN_DUE = 'generate.campaign-due';
/** An intent signal from a provider (event intent.signal), kept as an intent record. */
export const INTENT_EVENT = 'intent.signal';
/** A marketing touch (event touch.recorded), kept as a touch record for attribution. */
export const TOUCH_EVENT = 'touch.recorded';
/** The outbound handoff to engage. */
export const SIGNAL_EVENT = 'account.signal';

/**
 * A scheduled pass. `history` marks a pass for an instant already past when it was requested
 * (`revloops run generate --as-of`): it records which campaigns were due then, but starts no
 * campaign run (so nobody is sent anything) and reviews no ABM play.
 */
export const GenerateTick = TickInput;

/** A parsed GenerateTick. */
export type GenerateTick = z.infer<typeof GenerateTick>;

/** A campaign whose cadence came due at a tick. */
export const CampaignDue = z
  .strictObject({
    campaign: z.string().min(1).describe('The campaign name, as in the config.'),
    dueAt: z.string().describe('The cadence occurrence that came due (ISO-8601).'),
    scheduledFor: z.string().describe('The tick that found it due.'),
  })
  .describe('A campaign run, handed from the tick.');

/** A parsed CampaignDue. */
export type CampaignDue = z.infer<typeof CampaignDue>;

/** An intent signal: an account researching a topic, with a strength from the provider. */
export const IntentSignal = z
  .strictObject({
    accountId: z.string().min(1).describe('The account showing intent.'),
    topic: z.string().min(1).describe('What it researches, e.g. revenue forecasting.'),
    strength: z.number().min(0).max(100).describe('Signal strength, 0 to 100.'),
    occurredAt: Instant.describe('When the provider saw it (ISO-8601 with offset).'),
    source: z.string().min(1).optional().describe('The intent provider.'),
  })
  .describe('An intent signal.');

/** A parsed IntentSignal. */
export type IntentSignal = z.infer<typeof IntentSignal>;

/** A marketing touch from any source: a webinar attended, an ad clicked, an event visited. */
export const TouchRecorded = z
  .strictObject({
    touchId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/)
      .optional()
      .describe('The touch id at the source (default: made from account, channel and time).'),
    accountId: z.string().min(1).describe('The account touched.'),
    channel: z.string().min(1).describe('email, paid-social, webinar, event, content...'),
    occurredAt: Instant.describe('When it happened.'),
    campaignId: z.string().min(1).optional().describe('The campaign behind it.'),
    contactId: z.string().min(1).optional().describe('The contact touched.'),
  })
  .describe('A marketing touch.');

/** A parsed TouchRecorded. */
export type TouchRecorded = z.infer<typeof TouchRecorded>;

/** What generate hands engage (event account.signal): an account whose intent started an ABM play. */
export const AbmSignal = z
  .strictObject({
    accountId: z.string().min(1).describe('The target account.'),
    kind: z.enum(SIGNAL_KINDS).describe('The signal kind, from the play config.'),
    title: z.string().min(1).describe('What the account shows, in a phrase.'),
    detail: z.string().describe('The topics and the score behind it.'),
    date: z.string().describe('The day of the signal that crossed the threshold (YYYY-MM-DD).'),
    source: z.string().describe('generate ABM play <name>.'),
  })
  .describe('An account handed to engage for outbound by an ABM play.');

/** A parsed AbmSignal. */
export type AbmSignal = z.infer<typeof AbmSignal>;

/** What starts a generate run (the event type tells which). */
export const GenerateInput = z.union([
  GenerateTick,
  CampaignDue,
  IntentSignal,
  TouchRecorded,
  OpportunityClosed,
  MixScenario,
]);

/** A parsed generate input. */
export type GenerateInput = z.infer<typeof GenerateInput>;

const Counts = z.record(z.string(), z.number().int());

/** Skip reasons of a campaign run or a play, in the order they are checked. */
export const SKIP_REASONS = [
  'no-email',
  'do-not-contact',
  'already-member',
  'active-sequence',
  'recent-touch',
  'budget',
] as const;

/** A skip reason. */
export type SkipReason = (typeof SKIP_REASONS)[number];

/** What a generate decision records (attribution and mix model outputs are their own). */
export const CoreOutput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('tick'),
    scheduledFor: z.string(),
    due: z.array(z.strictObject({ campaign: z.string(), dueAt: z.string() })),
    abmReviewed: z.number().int().describe('ABM plays reviewed at this tick.'),
    abmConverted: z.number().int().describe('Of those, plays whose account opened an opportunity.'),
    history: z.literal(true).optional().describe('A history pass: the due campaigns were not run.'),
  }),
  z.strictObject({
    kind: z.literal('campaign'),
    campaign: z.string(),
    dueAt: z.string(),
    channel: z.string(),
    audience: z.number().int().describe('Contacts that matched the audience.'),
    members: z.array(z.string()).describe('Contacts added as members and sent to.'),
    skipped: Counts.describe('Contacts skipped, by reason.'),
    sends: z.number().int().describe('Outbox messages.'),
    budget: z.strictObject({ cap: z.number().int(), used: z.number().int() }).nullable(),
  }),
  z.strictObject({
    kind: z.literal('intent'),
    accountId: z.string(),
    topic: z.string(),
    strength: z.number(),
    counted: z.boolean().describe('Whether the topic is one the ABM config counts.'),
    score: z.number().describe("The account's decayed intent on the configured topics."),
    threshold: z.number().nullable(),
    play: z.string().nullable().describe('The play started, if one did.'),
    outcome: z.enum([
      'recorded',
      'below-threshold',
      'started',
      'already-started',
      'no-play',
      'unknown-account',
    ]),
    members: z.array(z.string()),
    skipped: Counts,
    sends: z.number().int(),
    handedOff: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('touch'),
    touchId: z.string(),
    accountId: z.string(),
    channel: z.string(),
    campaignId: z.string().nullable(),
  }),
]);

/** A core output. */
export type CoreOutput = z.infer<typeof CoreOutput>;

/** What a generate decision records. */
export const GenerateOutput = z.union([CoreOutput, AttributionOutput, MixOutput]);

/** A generate decision's output. */
export type GenerateOutput = z.infer<typeof GenerateOutput>;
