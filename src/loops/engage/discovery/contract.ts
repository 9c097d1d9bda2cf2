import { z } from 'zod';

const id = (what: string) => z.string().min(1).describe(what);
const optId = (what: string) => z.string().min(1).nullable().describe(what);

/** The event that starts discovery: call notes or a transcript attached to an opportunity. */
export const OpportunityNotes = z
  .looseObject({
    opportunityId: id('The opportunity the notes belong to.'),
    text: z.string().trim().min(1).describe('The call notes or transcript, as plain text.'),
    source: z
      .string()
      .nullish()
      .describe('Where the text came from: a call recorder, the rep, a meeting tool.'),
    callAt: z.string().nullish().describe('When the call took place (ISO-8601).'),
  })
  .describe('Call notes or a transcript attached to an opportunity (event opportunity.notes).');

/** Parsed call notes. */
export type OpportunityNotes = z.infer<typeof OpportunityNotes>;

/** The event type discovery listens to. */
export const NOTES_EVENT = 'opportunity.notes';
/** The handoff of a sales-qualified opportunity to pursue. */
export const SQO_EVENT = 'opportunity.sqo';
/** The handoff of a disqualified opportunity's contact back to nurture. */
export const NURTURE_EVENT = 'lead.nurture';

/** One dimension as discovery found it. */
export const DimensionResult = z
  .strictObject({
    key: id('The dimension key.'),
    label: z.string().describe('The dimension name.'),
    status: z
      .enum(['evidenced', 'contradicted', 'missing'])
      .describe(
        'evidenced: the notes support it; contradicted: they say it is absent or unknown ("no budget yet", "unclear who signs"); missing: they say nothing.',
      ),
    confidence: z.number().min(0).max(1).describe('How strongly the evidence supports the status.'),
    evidence: z.array(z.string()).describe('The sentences quoted from the notes, strongest first.'),
    signals: z
      .array(z.string())
      .describe(
        'What made the quoted sentences evidence: cues, entities (amounts, dates, roles), negations, hedges.',
      ),
    followUps: z.array(z.string()).describe('Questions to ask next when the dimension is not evidenced.'),
  })
  .describe('A qualification dimension with its evidence.');

/** A dimension result. */
export type DimensionResult = z.infer<typeof DimensionResult>;

/** Framework coverage: which dimensions the notes evidence. */
export const Coverage = z
  .strictObject({
    framework: id('The framework key (bant, meddpicc, ...).'),
    covered: z.array(z.string()).describe('Dimensions evidenced.'),
    contradicted: z.array(z.string()).describe('Dimensions the notes say are absent.'),
    missing: z.array(z.string()).describe('Dimensions the notes say nothing about.'),
    share: z.number().min(0).max(1).describe('Share of dimensions evidenced.'),
  })
  .describe('Framework coverage of an opportunity.');

/** A coverage summary. */
export type Coverage = z.infer<typeof Coverage>;

/** Handed to pursue when an opportunity meets the SQO criteria (event opportunity.sqo). */
export const OpportunitySqo = z
  .strictObject({
    opportunityId: id('The sales-qualified opportunity.'),
    accountId: optId('Its account.'),
    ownerId: optId('Its owner.'),
    amount: z
      .number()
      .nonnegative()
      .nullable()
      .describe('The deal amount: the record, else the budget the notes name.'),
    coverage: Coverage,
    dimensions: z
      .array(z.strictObject({ key: z.string(), confidence: z.number(), evidence: z.array(z.string()) }))
      .describe('Evidence per covered dimension, for the deal play.'),
  })
  .describe('A sales-qualified opportunity, ready for pursue.');

/** An SQO handoff. */
export type OpportunitySqo = z.infer<typeof OpportunitySqo>;

/** Handed back to nurture when discovery disqualifies an opportunity (event lead.nurture). */
export const LeadNurture = z
  .strictObject({
    opportunityId: id('The disqualified opportunity.'),
    leadId: optId('The lead it came from, when the record names one.'),
    contactId: optId('Its primary contact, when the record names one.'),
    accountId: optId('Its account.'),
    reason: z.string().min(1).describe('Why it was disqualified, with the evidence.'),
    coverage: Coverage,
  })
  .describe('A disqualified opportunity whose people go back to nurture.');

/** A nurture handoff. */
export type LeadNurture = z.infer<typeof LeadNurture>;

/** What a discovery run decided. */
export const DiscoveryOutput = z
  .strictObject({
    kind: z.literal('discovery').describe('Marks a discovery decision.'),
    opportunityId: id('The opportunity.'),
    outcome: z
      .enum(['sqo', 'nurture', 'hold', 'review', 'skipped'])
      .describe(
        'sqo: handed to pursue; nurture: disqualified; hold: more discovery; review: a person decides; skipped: discovery is off.',
      ),
    reason: z.string().describe('Why, in one line.'),
    coverage: Coverage.nullable(),
    dimensions: z.array(DimensionResult).describe('Every dimension with its evidence or follow-ups.'),
  })
  .describe('The outcome of discovery on one set of call notes.');

/** A discovery decision's output. */
export type DiscoveryOutput = z.infer<typeof DiscoveryOutput>;
