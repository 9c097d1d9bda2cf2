import { z } from 'zod';

const text = (what: string) => z.string().nullish().describe(what);

/** The payload of a `product.usage` event: one user using one feature of the self-serve product. */
export const ProductUsage = z
  .looseObject({
    workspaceId: z.string().min(1).describe('The product workspace (tenant) the usage happened in.'),
    email: z.email().describe('The user who used the feature.'),
    feature: z.string().min(1).describe('The feature used, e.g. forecast_created.'),
    count: z.number().int().positive().default(1).describe('How many uses this event stands for.'),
    occurredAt: z.iso.datetime({ offset: true }).describe('When it happened (ISO-8601 with a time zone).'),
    plan: z.string().min(1).describe('The product plan of the workspace, e.g. free, trial or team.'),
    domain: text('The company domain of the workspace, when signup asked for it.'),
    name: text('The user’s full name.'),
    title: text('The user’s job title.'),
    company: text('The company name given at signup.'),
    country: text('Country code given at signup, e.g. US.'),
    region: text('Sales region (e.g. NA, EMEA), when the product knows it.'),
    employees: z.number().int().nonnegative().nullish().describe('Company headcount given at signup.'),
  })
  .describe('A product usage event.');

/** A parsed usage event. */
export type ProductUsage = z.infer<typeof ProductUsage>;

/** The payload of `lead.converted` as this loop reads it: the lead (or its opportunity) that converted. */
export const LeadConverted = z
  .looseObject({
    leadId: z.string().min(1).optional().describe('The lead that converted.'),
    opportunityId: z.string().min(1).optional().describe('The opportunity it converted to.'),
    at: z.iso.datetime({ offset: true }).optional().describe('When it converted (default: when processed).'),
  })
  .describe('A converted lead.');

/** A parsed conversion. */
export type LeadConverted = z.infer<typeof LeadConverted>;

/** What the loop takes: usage, or a conversion of a lead it may have handed off. */
export const PqlInput = z
  .union([ProductUsage, LeadConverted])
  .describe('A product.usage payload or a lead.converted payload.');

const Scored = z
  .strictObject({
    kind: z.literal('scored'),
    account: z
      .string()
      .describe(
        'The account key: its domain, or workspace-<id> for free-mail signups and groupBy workspace.',
      ),
    score: z.number().describe('The PQL score after this event.'),
    previous: z.number().describe('The score before it (0 for a new account).'),
    status: z
      .enum(['pql', 'below', 'already-pql', 'rearmed'])
      .describe(
        'pql (crossed the threshold and handed off), below, already-pql (handed off before and not re-armed) or rearmed (dropped below rearmBelow).',
      ),
    handedOff: z.boolean().describe('True when this decision handed the account to route.'),
    leadId: z.string().nullable().describe('The lead handed off, when handed off.'),
    grade: z.string().nullable().describe('The grade handed off, when handed off.'),
    activeUsers: z.number().describe('Active users of the account in the window.'),
    topReasons: z.array(z.string()).describe('The largest contributions to the score.'),
  })
  .describe('An account scored on a usage event.');

const Outcome = z
  .strictObject({
    kind: z.literal('outcome'),
    leadId: z.string().nullable().describe('The lead that converted, or null when none was found.'),
    pql: z.boolean().describe('True when the lead was handed off by this loop.'),
    account: z.string().nullable().describe('The PQL account, when it was one.'),
    score: z.number().nullable().describe('The PQL score at handoff.'),
    daysToConvert: z.number().nullable().describe('Days from handoff to conversion.'),
  })
  .describe('A lead conversion, as PQL conversion is measured.');

/** Every output of the loop. */
export const PqlOutput = z
  .discriminatedUnion('kind', [Scored, Outcome])
  .describe('A scored account or a conversion.');

/** A parsed output. */
export type PqlOutput = z.infer<typeof PqlOutput>;

/**
 * The payload of `lead.qualified` this loop hands to route. It carries what route's input
 * (and qualify's LeadQualified) names, so route's rules (grade, region, segment by employees,
 * account match by domain) work on a PQL as on a marketing lead; the usage facts travel along.
 */
export const PqlQualified = z
  .object({
    leadId: z.string().min(1).describe('The lead id in the records of work.'),
    email: z.string().describe('The lead (the account’s most active user) email address.'),
    domain: z.string().optional().describe('Company domain.'),
    name: z.string().optional().describe('Full name.'),
    title: z.string().optional().describe('Job title.'),
    company: z.string().optional().describe('Company name.'),
    country: z.string().optional().describe('Country.'),
    region: z.string().optional().describe('Sales region (e.g. NA, EMEA).'),
    employees: z.number().optional().describe('Company headcount.'),
    source: z.string().describe('Where the lead came from, e.g. product.'),
    score: z.number().describe('The PQL score.'),
    grade: z.string().describe('The grade, e.g. A.'),
    fitScore: z.number().describe('Points from plan and active users.'),
    engagementScore: z.number().describe('Points from feature use and milestones.'),
    topReasons: z.array(z.string()).describe('Why the account qualified, in plain words.'),
    scoringVersion: z.string().describe('The config version that scored it.'),
    account: z.string().describe('The PQL account key.'),
    workspaceIds: z.array(z.string()).describe('The product workspaces of the account.'),
    plan: z.string().describe('The product plan at handoff.'),
    activeUsers: z.number().describe('Active users at handoff.'),
  })
  .describe('A product-qualified lead, handed to routing.');

/** A parsed lead.qualified payload. */
export type PqlQualified = z.infer<typeof PqlQualified>;
