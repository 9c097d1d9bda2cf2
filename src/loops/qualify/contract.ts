import { z } from 'zod';

const text = (what: string) => z.string().nullish().describe(what);

/** One thing the lead did: a form, a page view, an email click, a webinar attended. */
const LeadActivity = z
  .looseObject({
    type: z.string().min(1).describe('What happened, e.g. page_visit, email_click, webinar, form_submit.'),
    at: z.iso.datetime({ offset: true }).describe('When it happened (ISO-8601 with a time zone).'),
    detail: text('What it was about, e.g. /pricing or the webinar name.'),
  })
  .describe('An activity of the lead.');

/** The payload of a `lead.created` event: the input of qualify. Extra fields are kept and can be scored. */
export const LeadCreated = z
  .looseObject({
    id: z.string().min(1).describe('The lead id in the records of work.'),
    email: z.email().describe('The lead email address.'),
    name: text('Full name, when the source sends one field.'),
    firstName: text('First name.'),
    lastName: text('Last name.'),
    title: text('Job title, e.g. VP of Sales.'),
    company: text('Company name.'),
    domain: text('Company web domain, e.g. northwind.io.'),
    country: text('Country, preferably an ISO 3166 code such as US.'),
    region: text('Sales region (e.g. NA, EMEA) or state, when known.'),
    source: text('Where the lead came from, e.g. organic_search, webinar, outbound.'),
    formType: text('The form that created the lead, e.g. demo_request.'),
    employees: z.number().int().nonnegative().nullish().describe('Company headcount.'),
    industry: text('Company industry, e.g. software.'),
    technologies: z.array(z.string()).nullish().describe('Technologies the company uses, e.g. salesforce.'),
    activities: z.array(LeadActivity).nullish().describe('What the lead has done, each with its time.'),
  })
  .describe('A new lead, as the lead.created event carries it.');

/** A parsed lead.created payload. */
export type LeadCreated = z.infer<typeof LeadCreated>;

/**
 * The payload of an outcome event (`lead.converted`, `opportunity.won`, `opportunity.lost`): which
 * lead it is about (`leadId`, else the lead whose `opportunityId` is the opportunity's) and when.
 */
export const LeadOutcome = z
  .looseObject({
    leadId: z.string().min(1).optional().describe('The lead the outcome is about.'),
    opportunityId: z.string().min(1).optional().describe('The opportunity the lead converted to.'),
    id: z.string().min(1).optional().describe('The opportunity id (opportunity events).'),
    at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When it happened (default: when it is processed).'),
    amount: z.number().nonnegative().optional().describe('The opportunity amount, when known.'),
  })
  .refine((o) => o.leadId !== undefined || o.opportunityId !== undefined || o.id !== undefined, {
    message: 'expected leadId, or the opportunity id (opportunityId or id) of a converted lead',
    path: ['leadId'],
  })
  .describe('An outcome of a lead: converted, or its opportunity won or lost.');

/** A parsed outcome event payload. */
export type LeadOutcome = z.infer<typeof LeadOutcome>;

/** What qualify takes: a new lead, or an outcome of a lead it scored. */
export const QualifyInput = z
  .union([LeadCreated, LeadOutcome])
  .describe(
    'A lead.created payload, or an outcome event payload (lead.converted, opportunity.won, opportunity.lost).',
  );

const score = (what: string) => z.number().describe(what);

/** How enrichment went for a lead, as the decision output says it. */
const EnrichmentSummary = z
  .strictObject({
    status: z
      .enum(['enriched', 'unenriched', 'review', 'skipped'])
      .describe('enriched, unenriched (with the reason), review (the match awaits a person) or skipped.'),
    reason: z.string().describe('Why it ended so, in plain words.'),
    companyId: z.string().nullable().describe('The matched company, in its provider.'),
    provider: z.string().nullable().describe('The provider whose company was matched.'),
    filled: z.array(z.string()).describe('Lead fields enrichment filled.'),
  })
  .describe('The enrichment of the lead.');

/** A parsed enrichment summary. */
export type EnrichmentSummary = z.infer<typeof EnrichmentSummary>;

/** The output of qualify: the score, its parts, the grade and why. */
export const QualifyOutput = z
  .strictObject({
    leadId: z.string().describe('The lead scored.'),
    score: score('Total score after caps, floor and cap (0-100 by default).'),
    fit: score('Fit group points after its cap.'),
    engagement: score('Engagement group points after its cap.'),
    negative: score('Negative group points after its cap (zero or less).'),
    grade: z.string().describe('The grade, e.g. A.'),
    topReasons: z
      .array(z.string())
      .describe('The three largest positive and the largest negative contributions.'),
    enrichment: EnrichmentSummary.optional().describe('How enrichment went (when providers are configured).'),
  })
  .describe('A scored, graded lead.');

/** A parsed qualify output. */
export type QualifyOutput = z.infer<typeof QualifyOutput>;

/** The output of an outcome event: what became of a lead, and the grade and score it had been given. */
export const OutcomeObserved = z
  .strictObject({
    leadId: z.string().nullable().describe('The lead, or null when no lead record could be found.'),
    outcome: z.enum(['converted', 'won', 'lost']).describe('What happened.'),
    grade: z.string().nullable().describe('The grade the lead had been given (null if never scored).'),
    score: z.number().nullable().describe('The score the lead had been given.'),
    scoringVersion: z.string().nullable().describe('The config version that scored it.'),
  })
  .describe('An outcome of a scored lead: what conversion by grade is measured from.');

/** A parsed outcome output. */
export type OutcomeObserved = z.infer<typeof OutcomeObserved>;

/** Every output of qualify: a scored lead, or an observed outcome. */
export const QualifyResult = z
  .union([QualifyOutput, OutcomeObserved])
  .describe('A scored lead or an observed outcome.');

/** The account enrichment matched the lead's company to, as the lead record and `lead.qualified` carry it. */
const MatchedAccount = z
  .object({
    id: z.string().describe('The account record id.'),
    name: z.string().optional().describe('The account name.'),
    status: z
      .enum(['matched', 'review'])
      .describe(
        'matched: the company match applied (one exact domain, or the match agent at or above autoAccept); review: the agent leaned to this account below autoAccept, and it awaits a person.',
      ),
    provider: z.string().describe('The accounts provider that holds the record.'),
    how: z
      .enum(['exact-domain', 'agent'])
      .describe('How the company was matched: one exact domain, or the agent.'),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .describe('The confidence of the company match (1 for an exact domain).'),
  })
  .describe('The account the company matched in enrichment (company name, domain or website).');

/** The payload of `lead.qualified`: what a router needs to place the lead. Unknown fields are omitted. */
export const LeadQualified = z
  .object({
    leadId: z.string().describe('The lead id in the records of work.'),
    email: z.string().describe('The lead email address.'),
    domain: z
      .string()
      .optional()
      .describe('Company domain (the lead’s, else its email’s; never a free email provider).'),
    name: z.string().optional().describe('Full name (from name, else first and last name).'),
    firstName: z.string().optional().describe('First name.'),
    lastName: z.string().optional().describe('Last name.'),
    title: z.string().optional().describe('Job title.'),
    company: z.string().optional().describe('Company name.'),
    country: z.string().optional().describe('Country.'),
    region: z.string().optional().describe('Sales region (e.g. NA, EMEA) or state.'),
    employees: z.number().optional().describe('Company headcount.'),
    industry: z.string().optional().describe('Company industry.'),
    source: z.string().optional().describe('Where the lead came from.'),
    score: z.number().describe('Total score.'),
    grade: z.string().describe('The grade, e.g. A.'),
    fitScore: z.number().describe('Fit group points after its cap.'),
    engagementScore: z.number().describe('Engagement group points after its cap.'),
    topReasons: z.array(z.string()).describe('Why the lead scored as it did, in plain words.'),
    scoringVersion: z.string().describe('The config version that scored it.'),
    matchedAccount: MatchedAccount.optional().describe(
      'The account enrichment matched the company to, when an accounts provider found it.',
    ),
  })
  .describe('A qualified lead, handed to routing.');

/** A parsed lead.qualified payload. */
export type LeadQualified = z.infer<typeof LeadQualified>;
