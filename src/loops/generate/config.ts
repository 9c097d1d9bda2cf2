import { z } from 'zod';
import { conditionSchema, ScheduleConfig } from '../../kernel/index.js';
import { AttributionConfig } from './attribution-config.js';
import { cadenceProblem } from './cadence.js';
import { MixConfig } from './mix-config.js';

/** What a CEL expression in an account condition may name: `account` is the account record. */
export const ACCOUNT_VARIABLES: Readonly<Record<string, string>> = { account: '' };
/** What a CEL expression in a contact condition may name: `contact` is the contact record. */
export const CONTACT_VARIABLES: Readonly<Record<string, string>> = { contact: '' };

/** The account signal kinds engage accepts; an ABM handoff is one of them. */
export const SIGNAL_KINDS = ['funding', 'hiring', 'news', 'technology'] as const;

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes, e.g. q1-webinar')
  .max(60);

/** The ways a campaign or play step reaches people, each through the outbox. */
const CHANNEL_KINDS = ['email', 'ad-audience', 'webhook'] as const;

/** How one send goes out. */
export const Channel = z
  .strictObject({
    kind: z
      .enum(CHANNEL_KINDS)
      .describe(
        'email: one message per member to the contact address; ad-audience: one CSV of the members for an ad platform; webhook: one JSON list of the members for a marketing platform.',
      ),
    route: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The outbox channel name the sends use (channels.routes maps it to a transport). Default: email for email, webhook for ad-audience and webhook.',
      ),
    to: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The recipient of an ad-audience or webhook send: the platform, e.g. linkedin-ads or marketo.',
      ),
    subject: z
      .string()
      .min(1)
      .default('{offer}')
      .describe('Email subject; {firstName}, {company}, {offer}, {url} are filled in.'),
    body: z
      .string()
      .min(1)
      .default('Hi {firstName}, {offer}: {url}')
      .describe('Email body, with the same placeholders as the subject.'),
    columns: z
      .array(z.string().min(1))
      .min(1)
      .default(['email', 'firstName', 'lastName', 'title', 'company', 'domain'])
      .describe(
        'The CSV columns of an ad-audience export: contact fields, or company and domain of the account.',
      ),
    touch: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The touch channel recorded for each member reached (email, paid-social...). Default: email for email sends; none for the others.',
      ),
  })
  .refine((c) => c.kind === 'email' || c.to !== undefined, {
    message: 'an ad-audience or webhook send needs `to` (the platform)',
    path: ['to'],
  })
  .describe('A channel: how the members are reached, through the outbox.');

/** A parsed channel. */
export type Channel = z.infer<typeof Channel>;

/** Who a campaign reaches: accounts and contacts that pass the conditions. */
const Audience = z
  .strictObject({
    accounts: conditionSchema({ celVariables: ACCOUNT_VARIABLES })
      .optional()
      .describe('Which accounts (segment, industry, employees...); absent matches every account.'),
    contacts: conditionSchema({ celVariables: CONTACT_VARIABLES })
      .optional()
      .describe('Which contacts at those accounts (title, country...); absent matches every contact.'),
    limit: z.number().int().min(1).optional().describe('The most members one run adds.'),
  })
  .describe('The audience: segment filters over accounts and contacts.');

const Offer = z
  .strictObject({
    name: z.string().min(1).describe('The offer, e.g. "Forecasting benchmark report".'),
    url: z.string().default('').describe('Where it lives.'),
    description: z.string().optional().describe('One line about it.'),
  })
  .describe('What the campaign offers.');

/** A campaign: audience, cadence, channel, budget and offer. */
export const Campaign = z
  .strictObject({
    name: Slug.describe('The campaign id: campaign members and touches carry it.'),
    active: z.boolean().default(true).describe('False stops its runs without removing it.'),
    cadence: ScheduleConfig.pick({ cron: true, timezone: true }).describe(
      'When it runs: a cron expression and its time zone, checked at every tick of the schedule.',
    ),
    audience: Audience.default({}),
    channel: Channel,
    budget: z
      .strictObject({
        amount: z.number().min(0).describe('The budget of the campaign.'),
        costPerMember: z.number().positive().describe('What one member costs.'),
      })
      .optional()
      .describe('Caps the members: amount / costPerMember over the life of the campaign.'),
    offer: Offer,
  })
  .describe('A campaign.');

/** A parsed campaign. */
export type Campaign = z.infer<typeof Campaign>;

/** Who a campaign or play must not reach. */
const Suppression = z
  .strictObject({
    doNotContactFields: z
      .array(z.string().min(1))
      .default(['doNotContact'])
      .describe('Contact fields that, when true, mean never contact (e.g. doNotContact, unsubscribed).'),
    recentTouchDays: z
      .number()
      .int()
      .min(0)
      .default(14)
      .describe('A contact touched fewer days ago than this is skipped (0: no limit).'),
    activeSequence: z
      .boolean()
      .default(true)
      .describe('Skip contacts in a live engage sequence (in review, approved, active or paused).'),
  })
  .describe('Suppression, applied to every campaign run and ABM play; each skip is explained in the trace.');

/** An ABM play started by intent. */
export const Play = z
  .strictObject({
    name: Slug.describe('The play id; its touches and members carry abm-<name>.'),
    when: conditionSchema({ celVariables: ACCOUNT_VARIABLES })
      .optional()
      .describe('Which accounts it is for; absent matches every account. The first matching play starts.'),
    buyingGroup: z
      .strictObject({
        titles: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Title words (any, case-insensitive) of the buying group, e.g. vp sales, revenue operations.',
          ),
        roles: z
          .array(z.string().min(1))
          .default([])
          .describe('Values of the contact field `role` that belong to the buying group.'),
        max: z.number().int().min(1).default(5).describe('The most contacts the play reaches.'),
      })
      .refine((b) => b.titles.length + b.roles.length > 0, {
        message: 'name at least one title or role of the buying group',
      })
      .describe('The buying group: contacts at the account by title or role.'),
    steps: z.array(Channel).default([]).describe('The channel steps, sent when the play starts.'),
    offer: Offer.optional().describe('What the steps offer (default: the play name, no link).'),
    handoff: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Hand the account to engage as account.signal.'),
        kind: z.enum(SIGNAL_KINDS).default('news').describe('The signal kind engage sees.'),
      })
      .prefault({})
      .describe('The outbound handoff to engage.'),
  })
  .describe('An ABM play.');

/** A parsed play. */
export type Play = z.infer<typeof Play>;

/** Account-based marketing on intent. */
const Abm = z
  .strictObject({
    topics: z
      .array(z.string().min(1))
      .min(1)
      .describe('The intent topics that count (case-insensitive); other topics are recorded only.'),
    threshold: z
      .number()
      .positive()
      .describe("The account's decayed intent on the topics at which a play starts."),
    windowDays: z
      .number()
      .int()
      .min(1)
      .default(30)
      .describe(
        'Signals older than this do not count, and a play does not start twice for an account within it.',
      ),
    halfLifeDays: z.number().positive().default(14).describe('A signal counts half after this many days.'),
    reviewAfterDays: z
      .number()
      .int()
      .min(1)
      .default(60)
      .describe(
        'Days after a play starts when it is reviewed: converted if the account has a new opportunity.',
      ),
    plays: z.array(Play).min(1).describe('The plays, tried in order.'),
    proposals: z
      .strictObject({
        minPlays: z.number().int().min(1).default(10).describe('Reviewed plays needed before a proposal.'),
        minConversion: z
          .number()
          .min(0)
          .max(1)
          .default(0.2)
          .describe('Below this share of reviewed plays converting, a higher threshold is proposed.'),
      })
      .prefault({})
      .describe('When feedback proposes raising the threshold.'),
  })
  .describe('ABM on intent: a threshold of decayed intent starts a play and hands the account to engage.');

/** The generate loop's YAML. */
export const GenerateConfig = z
  .strictObject({
    schedule: ScheduleConfig.describe(
      'When the loop checks which campaigns are due (and reviews ABM plays).',
    ),
    campaigns: z.array(Campaign).default([]).describe('The campaigns.'),
    suppression: Suppression.prefault({}),
    abm: Abm.optional(),
    attribution: AttributionConfig.prefault({}),
    mix: MixConfig.prefault({}),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.campaigns.forEach((k, i) => {
      if (seen.has(k.name))
        ctx.addIssue({
          code: 'custom',
          path: ['campaigns', i, 'name'],
          message: `campaign ${k.name} is named twice`,
        });
      seen.add(k.name);
      const problem = cadenceProblem(k.cadence);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: ['campaigns', i, 'cadence', 'cron'],
          message: `not a valid cadence: ${problem}`,
        });
    });
    const plays = new Set<string>();
    c.abm?.plays.forEach((p, i) => {
      if (plays.has(p.name))
        ctx.addIssue({
          code: 'custom',
          path: ['abm', 'plays', i, 'name'],
          message: `play ${p.name} is named twice`,
        });
      plays.add(p.name);
    });
  })
  .describe('Generate: scheduled campaigns, ABM plays on intent, attribution and channel mix modeling.');

/** A parsed generate config. */
export type GenerateConfig = z.infer<typeof GenerateConfig>;
