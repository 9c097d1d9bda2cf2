import { type Weighted, weighted } from './random.js';

/** An industry: its share of companies, how well it fits the seller's ICP, and revenue per employee. */
export interface Industry {
  name: string;
  /** 0..1: how good a customer this industry is for the seller (a revenue platform). */
  fit: number;
  /** Typical annual revenue per employee, USD. */
  revenuePerEmployee: number;
}

const I = (name: string, fit: number, revenuePerEmployee: number): Industry => ({
  name,
  fit,
  revenuePerEmployee,
});

/** Industries with their share of companies. */
export const INDUSTRIES: Weighted<Industry> = weighted([
  [I('Software', 1, 260_000), 0.17],
  [I('Financial Services', 0.85, 420_000), 0.09],
  [I('Fintech', 0.95, 330_000), 0.04],
  [I('Business Services', 0.75, 180_000), 0.09],
  [I('Healthcare', 0.55, 210_000), 0.08],
  [I('Manufacturing', 0.5, 300_000), 0.1],
  [I('Retail & E-commerce', 0.6, 240_000), 0.08],
  [I('Telecommunications', 0.7, 480_000), 0.03],
  [I('Media & Entertainment', 0.55, 280_000), 0.04],
  [I('Education', 0.3, 110_000), 0.05],
  [I('Logistics', 0.5, 230_000), 0.05],
  [I('Real Estate', 0.4, 350_000), 0.04],
  [I('Energy', 0.4, 650_000), 0.03],
  [I('Government', 0.15, 150_000), 0.03],
  [I('Hospitality', 0.35, 90_000), 0.04],
  [I('Nonprofit', 0.15, 80_000), 0.04],
]);

/** A technology a company runs, by category; `signal` marks the ones a revenue platform integrates with. */
export interface Technology {
  name: string;
  category: string;
  /** Share of companies using it (before size adjustments). */
  adoption: number;
  signal: boolean;
}

const T = (name: string, category: string, adoption: number, signal = false): Technology => ({
  name,
  category,
  adoption,
  signal,
});

/** The technologies companies may run. Larger companies run more of them. */
export const TECHNOLOGIES: readonly Technology[] = [
  T('Salesforce', 'crm', 0.32, true),
  T('HubSpot', 'crm', 0.26, true),
  T('Microsoft Dynamics 365', 'crm', 0.07),
  T('Pipedrive', 'crm', 0.05),
  T('Zoho CRM', 'crm', 0.04),
  T('Marketo', 'marketing-automation', 0.08, true),
  T('Pardot', 'marketing-automation', 0.07),
  T('Mailchimp', 'marketing-automation', 0.18),
  T('Outreach', 'sales-engagement', 0.06, true),
  T('Salesloft', 'sales-engagement', 0.05, true),
  T('Gong', 'conversation-intelligence', 0.06, true),
  T('ZoomInfo', 'data', 0.08),
  T('Snowflake', 'data-warehouse', 0.1, true),
  T('BigQuery', 'data-warehouse', 0.08),
  T('Databricks', 'data-warehouse', 0.05),
  T('Segment', 'cdp', 0.06),
  T('Slack', 'collaboration', 0.45),
  T('Microsoft Teams', 'collaboration', 0.4),
  T('Zoom', 'collaboration', 0.5),
  T('Zendesk', 'support', 0.14),
  T('Intercom', 'support', 0.09),
  T('AWS', 'cloud', 0.4),
  T('Azure', 'cloud', 0.25),
  T('Google Cloud', 'cloud', 0.15),
  T('Shopify', 'commerce', 0.07),
  T('Stripe', 'payments', 0.14),
  T('NetSuite', 'erp', 0.08),
  T('SAP', 'erp', 0.06),
  T('Workday', 'hr', 0.07),
  T('Okta', 'identity', 0.12),
];

/** Words company names are built from: a distinctive first word and a kind. */
export const COMPANY_WORDS = {
  first: (
    'Acme Apex Arbor Atlas Aurora Beacon Birch Blue Bright Cascade Cedar Cobalt Crest Delta Ember Evergreen ' +
    'Falcon Fern Granite Harbor Helix Horizon Indigo Iron Juniper Keystone Lumen Maple Meridian Nimbus North ' +
    'Oak Onyx Orbit Pacific Peak Pine Prism Quartz Redwood Ridge River Sable Silver Solstice Spruce Summit ' +
    'Terra Tidal Torch Vanguard Vertex Willow Zenith Kestrel Lattice Mosaic Parallel Quill'
  ).split(' '),
  second: (
    'Labs Systems Analytics Health Logistics Capital Networks Software Dynamics Robotics Foods Media Energy ' +
    'Bank Partners Works Cloud Security Retail Learning Group Industries Digital Insurance Pharma Payments ' +
    'Studios Mobility Materials Foundry'
  ).split(' '),
  /** Prefixed once the plain first-second pairs run out, so names stay unique without numbers. */
  qualifier: (
    'Global United First Next True New Smart Open Bold Clear Prime Swift Grand Noble Modern Urban Rapid ' +
    'Bright Golden Green Red Great Royal Central Western Eastern Southern Northern Coastal Alpine Metro ' +
    'Civic Core Pure Vital Agile Silent Steady Brave'
  ).split(' '),
} as const;

/** Legal suffixes a company name may carry, by country code (the default list covers the rest). */
export const LEGAL_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  US: ['Inc.', 'LLC', 'Corp.'],
  CA: ['Inc.', 'Ltd.'],
  GB: ['Ltd', 'plc'],
  IE: ['Ltd'],
  DE: ['GmbH', 'AG'],
  CH: ['AG', 'GmbH'],
  NL: ['B.V.'],
  FR: ['SAS', 'SA'],
  ES: ['S.L.', 'S.A.'],
  IT: ['S.p.A.', 'S.r.l.'],
  SE: ['AB'],
  DK: ['A/S'],
  BR: ['Ltda.', 'S.A.'],
  MX: ['S.A. de C.V.'],
  JP: ['K.K.'],
  AU: ['Pty Ltd'],
  IN: ['Pvt. Ltd.'],
  default: ['Ltd.', 'Inc.'],
};

/** Segments by employee count, the usual way revenue teams split accounts. */
export type Segment = 'SMB' | 'Commercial' | 'Enterprise';

/** The segment of a company with `employees` people: under 200 SMB, under 2,000 Commercial, else Enterprise. */
export function segmentOf(employees: number): Segment {
  if (employees < 200) return 'SMB';
  if (employees < 2000) return 'Commercial';
  return 'Enterprise';
}
