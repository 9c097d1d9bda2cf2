import { z } from 'zod';
import type { RecordKind } from '../kernel/index.js';
import { parseDate } from '../runtime/intake/parse-date.js';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

// Shaped like a date is not enough: 2025-02-30 and 2025-13-01 are refused with the reason.
const IsoDate = z.string().superRefine((text, ctx) => {
  if (!ISO_8601.test(text))
    ctx.addIssue({
      code: 'custom',
      message: 'expected an ISO-8601 date, e.g. 2025-03-31 or 2025-03-31T09:00:00Z',
    });
  else {
    const date = parseDate(text);
    if (!date.ok) ctx.addIssue({ code: 'custom', message: date.reason });
  }
});
const Id = z.string().min(1);
const Text = z.string();
const Count = z.number().int().nonnegative();
const Money = z.number().nonnegative();

const Account = z.looseObject({
  name: Text.min(1).describe('The company name.'),
  domain: Text.optional().describe('The main web domain, e.g. acme.com.'),
  employees: Count.optional().describe('Head count.'),
  industry: Text.optional().describe('Industry, as the CRM names it.'),
  country: Text.optional().describe('Country (ISO code or name).'),
  region: Text.optional().describe('Sales region, e.g. EMEA.'),
  ownerId: Id.optional().describe('The owning user id.'),
  territoryId: Id.optional().describe('The territory the account is in.'),
  segment: Text.optional().describe('Sales segment, e.g. SMB, Commercial, Enterprise.'),
  customer: z.boolean().optional().describe('True when the account is a paying customer.'),
  technologies: z.array(Text).optional().describe('Tools the company is known to use.'),
});

const Contact = z.looseObject({
  email: z.email().describe('The contact email.'),
  firstName: Text.optional().describe('Given name.'),
  lastName: Text.optional().describe('Family name.'),
  title: Text.optional().describe('Job title.'),
  phone: Text.optional().describe('Phone number.'),
  accountId: Id.optional().describe('The account the contact works at.'),
  ownerId: Id.optional().describe('The owning user id.'),
});

const Lead = z.looseObject({
  email: z.email().describe('The lead email.'),
  firstName: Text.optional().describe('Given name.'),
  lastName: Text.optional().describe('Family name.'),
  company: Text.optional().describe('Company name as entered.'),
  domain: Text.optional().describe('Company domain.'),
  title: Text.optional().describe('Job title.'),
  country: Text.optional().describe('Country.'),
  source: Text.optional().describe('Lead source, e.g. webinar.'),
  status: Text.optional().describe('Lead status in the CRM.'),
  ownerId: Id.optional().describe('The owning user id.'),
});

const Opportunity = z.looseObject({
  name: Text.min(1).describe('The opportunity name.'),
  accountId: Id.optional().describe('The account it is with.'),
  amount: Money.optional().describe('Amount in the workspace currency.'),
  stage: Text.optional().describe('Sales stage, as the CRM names it.'),
  closeDate: IsoDate.optional().describe('Expected or actual close date.'),
  ownerId: Id.optional().describe('The owning user id.'),
  status: z.enum(['open', 'won', 'lost']).optional().describe('open, won or lost.'),
});

const WorkingHours = z.looseObject({
  start: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .describe('Start of day, HH:mm.'),
  end: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .describe('End of day, HH:mm.'),
  days: z.array(Text).optional().describe('Working days, e.g. [mon, tue, wed, thu, fri].'),
});

const User = z.looseObject({
  email: z.email().describe('The user email.'),
  name: Text.optional().describe('Full name.'),
  role: Text.optional().describe('Role, e.g. ae, sdr, csm, manager.'),
  teamId: Id.optional().describe('The team the user is on.'),
  region: Text.optional().describe('Region the user covers.'),
  timezone: Text.optional().describe('IANA time zone, e.g. Europe/Berlin.'),
  active: z.boolean().optional().describe('False for users who take no new work.'),
  capacity: z.number().nonnegative().optional().describe('How much work the user can take, e.g. open leads.'),
  workingHours: WorkingHours.optional().describe('Working hours in the user time zone.'),
  outOfOffice: z
    .array(
      z.looseObject({ from: IsoDate.describe('First day away.'), to: IsoDate.describe('Last day away.') }),
    )
    .optional()
    .describe('Ranges when the user is away.'),
});

const Activity = z.looseObject({
  type: Text.min(1).describe('call, email, meeting, note...'),
  subject: Text.optional().describe('What it was about.'),
  occurredAt: IsoDate.describe('When it happened.'),
  accountId: Id.optional().describe('The account it concerns.'),
  contactId: Id.optional().describe('The contact it concerns.'),
  ownerId: Id.optional().describe('The user who did it.'),
});

const Named = (what: string) => Text.min(1).describe(`The ${what} name.`);

/** Zod schemas of the built-in record kinds: their core fields are checked, extra fields pass through. */
export const RECORD_SCHEMAS: Readonly<Record<RecordKind, z.ZodObject>> = {
  account: Account,
  contact: Contact,
  lead: Lead,
  opportunity: Opportunity,
  user: User,
  activity: Activity,
  team: z.looseObject({
    name: Named('team'),
    managerId: Id.optional().describe('The manager user id.'),
    parentId: Id.optional().describe('The parent team.'),
  }),
  territory: z.looseObject({
    name: Named('territory'),
    parentId: Id.optional().describe('The parent territory.'),
    ownerId: Id.optional().describe('The owning user id.'),
  }),
  pool: z.looseObject({
    name: Named('pool'),
    teamId: Id.optional().describe('The team whose members it rotates.'),
    territoryId: Id.optional().describe('The territory it serves.'),
    members: z.array(Id).optional().describe('User ids in the rotation.'),
  }),
  task: z.looseObject({
    title: Text.min(1).describe('What to do.'),
    assignee: Text.optional().describe('A user id or role:<role>.'),
    status: Text.optional().describe('open, done...'),
    dueAt: IsoDate.optional().describe('When it is due.'),
  }),
  customer: z.looseObject({
    accountId: Id.describe('The account that is the customer.'),
    status: Text.optional().describe('active, churned...'),
    ownerId: Id.optional().describe('The owning CSM user id.'),
    arr: Money.optional().describe('Annual recurring revenue.'),
    renewalDate: IsoDate.optional().describe('Next renewal date.'),
  }),
  usage: z.looseObject({
    customerId: Id.describe('The customer the usage belongs to.'),
    metric: Text.min(1).describe('What was measured, e.g. seats or api_calls.'),
    period: Text.min(1).describe('The period, e.g. 2025-03.'),
    value: z.number().describe('The measured value.'),
  }),
  campaign_member: z.looseObject({
    campaignId: Id.describe('The campaign (its name in the generate loop config).'),
    contactId: Id.describe('The contact who is a member.'),
    status: Text.optional().describe('added, sent, responded, suppressed...'),
    accountId: Id.optional().describe('The contact account.'),
  }),
  touch: z.looseObject({
    accountId: Id.describe('The account the touch reached.'),
    channel: Text.min(1).describe('email, paid-social, webinar, event, content...'),
    occurredAt: IsoDate.describe('When it happened.'),
    campaignId: Id.optional().describe('The campaign behind the touch.'),
    contactId: Id.optional().describe('The contact touched.'),
  }),
  intent: z.looseObject({
    accountId: Id.describe('The account showing intent.'),
    topic: Text.min(1).describe('What the account researches.'),
    strength: z.number().min(0).max(100).describe('Signal strength, 0 to 100.'),
    occurredAt: IsoDate.describe('When the signal was seen.'),
  }),
};
