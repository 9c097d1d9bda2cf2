import { z } from 'zod';
import { DiscoveryOutput, OpportunityNotes } from './discovery/index.js';
import { CRITERIA } from './rubric-config.js';

const text = (what: string) => z.string().optional().describe(what);

/**
 * A lead to engage: the payload of `lead.routed`. Only the lead and its owner are required, so any
 * loop that assigns a lead can feed engage; the rest is read from the records.
 */
export const LeadToEngage = z
  .looseObject({
    leadId: z.string().min(1).describe('The lead id in the records of work.'),
    ownerId: z.string().min(1).describe('The rep who owns the lead and reviews its sequence.'),
    accountId: text('The account the lead matched, if any.'),
    segment: text('The segment the lead fell in.'),
    grade: text('The grade qualify gave.'),
    score: z.number().optional().describe('The score qualify gave.'),
  })
  .describe('A routed lead to research and draft a sequence for.');

/** A parsed lead to engage. */
export type LeadToEngage = z.infer<typeof LeadToEngage>;

/** Something that happened at a target account: a round raised, a hiring push, news, a new tool. */
export const AccountSignal = z
  .looseObject({
    accountId: text('The account id; or give its domain.'),
    domain: text('The account domain, when the id is not known.'),
    kind: z.enum(['funding', 'hiring', 'news', 'technology']).describe('What kind of signal it is.'),
    title: z.string().min(1).describe('What happened, in a phrase: "raised a $40M Series C".'),
    detail: text('More about it.'),
    round: text('Funding round, e.g. Series C.'),
    amount: z.number().optional().describe('Amount raised, in dollars.'),
    date: text('When it happened (YYYY-MM-DD).'),
    url: text('Where it was reported.'),
    source: text('Who reported it (intent provider, news feed).'),
  })
  .refine((s) => Boolean(s.accountId || s.domain), { message: 'expected accountId or domain' })
  .describe('An account signal: outbound engagement for the account owner.');

/** A parsed account signal. */
export type AccountSignal = z.infer<typeof AccountSignal>;

/** One changed line, subject or wait of a reviewed sequence, with the role and criterion it serves. */
export const LineEdit = z
  .object({
    path: z.string().describe('The field edited, e.g. steps.1.lines.2 or steps.1.waitDays.'),
    step: z.number().int().describe('The email (0-based).'),
    role: z
      .string()
      .describe('The role of the line (subject for the subject line, wait for the days before the email).'),
    criterion: z
      .enum(CRITERIA)
      .nullable()
      .describe('The rubric criterion the line serves (null for a wait, which serves none).'),
    from: z
      .union([z.string(), z.number()])
      .nullable()
      .describe('The text, or the wait in days, before (null: added).'),
    to: z
      .union([z.string(), z.number()])
      .nullable()
      .describe('The text, or the wait in days, after (null: removed).'),
  })
  .describe('One edit a rep made.');

/** A parsed line edit. */
export type LineEdit = z.infer<typeof LineEdit>;

/** A rep's verdict on a drafted sequence, handed from the review hook to deployment. */
export const SequenceReviewed = z
  .object({
    sequenceId: z.string().min(1).describe('The sequence (activity record) reviewed.'),
    outcome: z.enum(['approved', 'rejected']).describe('approved (as drafted or edited) or rejected.'),
    by: z.string().describe('The rep who acted.'),
    reason: z.string().nullable().describe('Why (required to reject).'),
    edits: z.array(LineEdit).describe('The lines and waits the rep changed.'),
    reviewItemId: z.string().describe('The review item.'),
  })
  .describe('A reviewed sequence.');

/** A parsed review verdict. */
export type SequenceReviewed = z.infer<typeof SequenceReviewed>;

/** What the engagement platform reports about a prospect: a reply, an out-of-office, a bounce, an unsubscribe. */
export const EngagementEvent = z
  .looseObject({
    sequenceId: text('The sequence, when the platform knows it.'),
    leadId: text('The lead, when known.'),
    contactId: text('The contact, when known.'),
    from: text('The sender or recipient address: matched when headers lost the ids.'),
    at: text('When it happened (ISO-8601).'),
    returnDate: text('Out-of-office: the return date, when the reply states one (YYYY-MM-DD).'),
    bounce: z.enum(['hard', 'soft']).optional().describe('Bounce: hard (never retry) or soft.'),
  })
  .refine((e) => Boolean(e.sequenceId || e.leadId || e.contactId || e.from), {
    message: 'expected sequenceId, leadId, contactId or from',
  })
  .describe('A reply, out-of-office, bounce or unsubscribe from the engagement platform.');

/** A parsed engagement event. */
export type EngagementEvent = z.infer<typeof EngagementEvent>;

/** Everything engage runs on; the event type says which. */
export const EngageInput = z
  .union([LeadToEngage, AccountSignal, SequenceReviewed, OpportunityNotes, EngagementEvent])
  .describe(
    'lead.routed, account.signal, engagement.reviewed, opportunity.notes (discovery), or engagement.reply/ooo/bounce/unsubscribe.',
  );

/** A parsed engage input. */
export type EngageInput = z.infer<typeof EngageInput>;

const Scores = z.record(z.string(), z.number()).describe('Rubric score per criterion.');

const Drafted = z.object({
  kind: z.literal('drafted'),
  sequenceId: z.string(),
  prospect: z.string().describe('lead:<id> or contact:<id>.'),
  ownerId: z.string(),
  segment: z.string(),
  steps: z.number().describe('Emails in the sequence.'),
  headline: z.string().nullable().describe('The "why now" signal the sequence leads with.'),
  rubric: Scores,
  passed: z.boolean().describe('Whether every criterion reached its threshold.'),
  failing: z.array(z.string()).describe('Criteria below threshold after the last revision.'),
  revisions: z.number().describe('Revisions made.'),
  reviewItem: z.string().describe('The review item in the rep queue.'),
});

const Skipped = z.object({
  kind: z.literal('skipped'),
  code: z.string().describe('suppressed, active-sequence, recent-sequence, no-owner, no-contact, ...'),
  reason: z.string(),
  prospect: z.string().nullable(),
});

const Deployed = z.object({
  kind: z.literal('deployed'),
  sequenceId: z.string(),
  ownerId: z.string(),
  startOn: z.string().describe('The local date the first email goes out.'),
  sendTimes: z.array(z.string()).describe('When each email is sent (ISO-8601).'),
  edits: z.number().describe('Lines and waits the rep edited.'),
  rubric: Scores,
  deployment: z.string().describe('The outbox message to the engagement platform.'),
});

const Held = z.object({
  kind: z.literal('held'),
  sequenceId: z.string(),
  code: z.string(),
  reason: z.string(),
});
const Rejected = z.object({
  kind: z.literal('rejected'),
  sequenceId: z.string(),
  by: z.string(),
  reason: z.string(),
});
const Stopped = z.object({
  kind: z.literal('stopped'),
  cause: z.string().describe('reply, bounce or unsubscribe.'),
  sequenceIds: z.array(z.string()),
  reason: z.string(),
});
const Paused = z.object({ kind: z.literal('paused'), sequenceId: z.string(), until: z.string() });
const Ignored = z.object({ kind: z.literal('ignored'), reason: z.string() });

/** The output of an engage decision. */
export const EngageOutput = z
  .discriminatedUnion('kind', [
    Drafted,
    Skipped,
    Deployed,
    Held,
    Rejected,
    Stopped,
    Paused,
    Ignored,
    DiscoveryOutput,
  ])
  .describe(
    'A drafted, skipped, deployed, held, rejected, stopped, paused or ignored sequence, or a discovery verdict.',
  );

/** A parsed engage output. */
export type EngageOutput = z.infer<typeof EngageOutput>;

/** The payload of `engagement.deployed`: a sequence live on the engagement platform. */
export const SequenceDeployed = z
  .object({
    sequenceId: z.string().describe('The sequence.'),
    prospect: z.string().describe('lead:<id> or contact:<id>.'),
    ownerId: z.string().describe('The rep sending it.'),
    accountId: z.string().optional().describe('The account, if known.'),
    sendTimes: z.array(z.string()).describe('When each email is sent.'),
  })
  .describe('A deployed sequence, for loops that follow the prospect.');
