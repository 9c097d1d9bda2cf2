import type { Segment } from './firmographics.js';
import type { Region } from './geography.js';

/** How much to generate, from which seed, and the instant the data set ends at. */
export interface SampleDataOptions {
  leads: number;
  accounts: number;
  /** How many users (reps and their managers). */
  reps: number;
  seed: number;
  /** The data set ends here; leads fall in the `days` before it (default 2025-01-01T00:00:00Z). */
  asOf?: string;
  /** How many days of leads (default 365). */
  days?: number;
  /** The seller's own email domain, for users (default acme.example). */
  sellerDomain?: string;
  /** How many deals (opportunities with stages, activities, close dates and outcomes; default 0). */
  deals?: number;
}

/** A company: a line of accounts.jsonl. */
export interface SampleAccount {
  id: string;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  annualRevenue: number;
  segment: Segment;
  country: string;
  region: Region;
  timezone: string;
  technologies: string[];
  foundedYear: number;
  /** An existing customer: leads from its domain belong to its owner. */
  customer: boolean;
  /** Named and customer accounts have an owner (a user id); the rest are open. */
  ownerId: string | null;
}

/** What a user does on the revenue team. */
export type UserRole = 'manager' | 'sdr' | 'ae' | 'am' | 'csm' | 'se';

/** A person on the revenue team: a line of users.jsonl. */
export interface SampleUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  name: string;
  title: string;
  role: UserRole;
  teamId: string;
  team: string;
  segment: Segment;
  region: Region;
  country: string;
  timezone: string;
  /** How much work the user takes on: new leads a week (sdr), open opportunities (ae, se), accounts (am, csm). */
  capacity: number;
  managerId: string | null;
  startDate: string;
  active: boolean;
}

/** One thing a lead did before filling the form. */
export interface SampleActivity {
  type: 'page_visit' | 'email_open' | 'email_click' | 'webinar' | 'content_download' | 'form_submit';
  at: string;
  detail: string;
}

/** A lead: a line of leads.jsonl, and a valid `lead.created` event payload. */
export interface LeadCreatedPayload {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  company: string;
  /** The company website the lead gave; null when they gave a free-mail address and no website. */
  domain: string | null;
  country: string;
  region: string;
  source: string;
  formType: string;
  employees: number;
  industry: string;
  technologies: string[];
  createdAt: string;
  /** What the lead did up to the form fill, oldest first; the last one is the form fill. */
  activities: SampleActivity[];
}

/** What became of a lead: a row of outcomes.csv (the labels scoring and calibration learn from). */
export interface SampleOutcome {
  leadId: string;
  /** The account the lead really belongs to (ground truth for lead-to-account matching). */
  accountId: string;
  converted: boolean;
  convertedAt: string | null;
  opportunityId: string | null;
  won: boolean;
  closedAt: string | null;
  amount: number | null;
}

/** A lead with its outcome. */
export interface SampleLead {
  lead: LeadCreatedPayload;
  outcome: SampleOutcome;
}

/** How many rows `writeSampleData` wrote per file. */
export interface SampleDataCounts {
  accounts: number;
  users: number;
  leads: number;
  outcomes: number;
  /** Deals and their activities, when deals were asked for. */
  deals?: number;
  activities?: number;
}
