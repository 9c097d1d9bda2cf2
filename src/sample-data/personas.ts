import { type Weighted, weighted } from './random.js';

/** How senior a person is. */
export type Seniority = 'c-level' | 'vp' | 'director' | 'manager' | 'individual' | 'other';

/** What a person does. */
export type JobFunction =
  | 'sales'
  | 'revops'
  | 'marketing'
  | 'customer-success'
  | 'executive'
  | 'finance'
  | 'engineering'
  | 'it'
  | 'hr';

/** Seniority shares; small companies get more executives (see leads.ts). */
export const SENIORITY: Weighted<Seniority> = weighted([
  ['c-level', 0.06],
  ['vp', 0.1],
  ['director', 0.17],
  ['manager', 0.25],
  ['individual', 0.36],
  ['other', 0.06],
]);

/** Function shares among leads. */
export const FUNCTIONS: Weighted<JobFunction> = weighted([
  ['sales', 0.24],
  ['revops', 0.1],
  ['marketing', 0.2],
  ['customer-success', 0.06],
  ['executive', 0.05],
  ['finance', 0.06],
  ['engineering', 0.14],
  ['it', 0.09],
  ['hr', 0.06],
]);

/** How much each seniority can buy a revenue platform (0..1). */
export const SENIORITY_FIT: Readonly<Record<Seniority, number>> = {
  'c-level': 0.9,
  vp: 1,
  director: 0.9,
  manager: 0.6,
  individual: 0.3,
  other: 0.1,
};

/** How close each function is to the buying team of a revenue platform (0..1). */
export const FUNCTION_FIT: Readonly<Record<JobFunction, number>> = {
  revops: 1,
  sales: 0.95,
  executive: 0.85,
  marketing: 0.8,
  'customer-success': 0.7,
  finance: 0.35,
  it: 0.35,
  engineering: 0.3,
  hr: 0.2,
};

/** Title options per function and seniority ('executive' holds founders and general managers). */
export const TITLES: Readonly<Record<JobFunction, Readonly<Record<Seniority, readonly string[]>>>> = {
  sales: {
    'c-level': ['Chief Revenue Officer', 'Chief Sales Officer'],
    vp: ['VP of Sales', 'SVP Sales', 'VP, Commercial Sales'],
    director: ['Director of Sales', 'Head of Sales', 'Regional Sales Director'],
    manager: ['Sales Manager', 'Inside Sales Manager', 'SDR Manager'],
    individual: [
      'Account Executive',
      'Sales Development Representative',
      'Business Development Representative',
    ],
    other: ['Sales Intern', 'Sales Consultant'],
  },
  revops: {
    'c-level': ['Chief Operating Officer'],
    vp: ['VP of Revenue Operations', 'VP Sales Operations'],
    director: ['Director of Revenue Operations', 'Head of RevOps', 'Director, Sales Operations'],
    manager: ['Revenue Operations Manager', 'Sales Operations Manager', 'Marketing Operations Manager'],
    individual: ['Revenue Operations Analyst', 'Salesforce Administrator', 'Sales Operations Analyst'],
    other: ['RevOps Consultant'],
  },
  marketing: {
    'c-level': ['Chief Marketing Officer'],
    vp: ['VP of Marketing', 'VP Demand Generation'],
    director: ['Director of Marketing', 'Head of Growth', 'Director of Demand Generation'],
    manager: ['Marketing Manager', 'Demand Generation Manager', 'Product Marketing Manager'],
    individual: ['Marketing Specialist', 'Content Marketer', 'Marketing Coordinator'],
    other: ['Marketing Intern', 'Student'],
  },
  'customer-success': {
    'c-level': ['Chief Customer Officer'],
    vp: ['VP of Customer Success'],
    director: ['Director of Customer Success', 'Head of Account Management'],
    manager: ['Customer Success Manager', 'Account Manager'],
    individual: ['Customer Success Associate', 'Support Specialist'],
    other: ['Customer Support Intern'],
  },
  executive: {
    'c-level': ['CEO', 'Founder & CEO', 'Co-Founder', 'President'],
    vp: ['General Manager', 'VP of Strategy'],
    director: ['Director of Strategy', 'Chief of Staff'],
    manager: ['Business Operations Manager', 'Office Manager'],
    individual: ['Executive Assistant', 'Business Analyst'],
    other: ['Consultant', 'Student', 'Investor'],
  },
  finance: {
    'c-level': ['Chief Financial Officer'],
    vp: ['VP of Finance'],
    director: ['Director of FP&A', 'Controller'],
    manager: ['Finance Manager', 'Accounting Manager'],
    individual: ['Financial Analyst', 'Accountant'],
    other: ['Finance Intern'],
  },
  engineering: {
    'c-level': ['Chief Technology Officer'],
    vp: ['VP of Engineering'],
    director: ['Director of Engineering', 'Head of Data'],
    manager: ['Engineering Manager', 'Data Engineering Manager'],
    individual: ['Software Engineer', 'Data Engineer', 'Data Analyst'],
    other: ['Engineering Intern', 'Student'],
  },
  it: {
    'c-level': ['Chief Information Officer'],
    vp: ['VP of IT'],
    director: ['IT Director', 'Head of Business Systems'],
    manager: ['IT Manager', 'Business Systems Manager'],
    individual: ['Systems Administrator', 'IT Specialist'],
    other: ['IT Contractor'],
  },
  hr: {
    'c-level': ['Chief People Officer'],
    vp: ['VP of People'],
    director: ['Director of Talent', 'Head of People'],
    manager: ['HR Manager', 'Recruiting Manager'],
    individual: ['Recruiter', 'HR Generalist'],
    other: ['HR Intern'],
  },
};

/** Where a lead came from. */
export const SOURCES: Weighted<string> = weighted([
  ['organic_search', 0.2],
  ['paid_search', 0.14],
  ['paid_social', 0.1],
  ['webinar', 0.09],
  ['event', 0.07],
  ['content_syndication', 0.08],
  ['referral', 0.06],
  ['partner', 0.05],
  ['outbound', 0.09],
  ['direct', 0.08],
  ['review_site', 0.04],
]);

/** The form types, each with how strongly it signals buying intent (0..1). */
export const FORM_INTENT: Readonly<Record<string, number>> = {
  demo_request: 1,
  contact_sales: 0.9,
  free_trial: 0.75,
  pricing_inquiry: 0.8,
  webinar_registration: 0.35,
  content_download: 0.25,
  event_badge_scan: 0.2,
  newsletter_signup: 0.05,
};

/** Form types a source usually produces (the first is the most common). */
export const FORMS_BY_SOURCE: Readonly<Record<string, readonly string[]>> = {
  organic_search: ['content_download', 'demo_request', 'newsletter_signup', 'free_trial', 'pricing_inquiry'],
  paid_search: ['demo_request', 'free_trial', 'pricing_inquiry', 'content_download'],
  paid_social: ['content_download', 'webinar_registration', 'demo_request'],
  webinar: ['webinar_registration'],
  event: ['event_badge_scan', 'demo_request'],
  content_syndication: ['content_download'],
  referral: ['contact_sales', 'demo_request'],
  partner: ['contact_sales', 'demo_request'],
  outbound: ['demo_request', 'contact_sales'],
  direct: ['demo_request', 'contact_sales', 'free_trial', 'newsletter_signup'],
  review_site: ['pricing_inquiry', 'demo_request', 'free_trial'],
};

/** Web pages, with how strongly a visit signals buying intent. */
export const PAGES: readonly (readonly [string, number])[] = [
  ['/pricing', 3],
  ['/demo', 3],
  ['/product/routing', 2],
  ['/product/scoring', 2],
  ['/integrations/salesforce', 2],
  ['/customers', 1.5],
  ['/security', 1.5],
  ['/compare/alternatives', 2.5],
  ['/blog/lead-scoring-guide', 0.5],
  ['/blog/territory-planning', 0.5],
  ['/blog/revops-metrics', 0.5],
  ['/careers', 0],
  ['/', 0.5],
];

/** Webinars, events and email campaigns activities refer to. */
export const WEBINARS = [
  'Speed-to-lead benchmarks 2024',
  'Building a routing engine',
  'Territory planning in a week',
  'Scoring that sales trusts',
];

/** Email campaigns activities refer to. */
export const CAMPAIGNS = [
  'Q3 nurture: RevOps',
  'Product update: routing',
  'Webinar invite',
  'Customer story: Fintech',
  'Monthly newsletter',
];

/** Free mail domains, with their share among people who use one. */
export const FREE_EMAIL_DOMAINS: Weighted<string> = weighted([
  ['gmail.com', 0.55],
  ['outlook.com', 0.12],
  ['yahoo.com', 0.1],
  ['hotmail.com', 0.08],
  ['icloud.com', 0.08],
  ['proton.me', 0.04],
  ['aol.com', 0.03],
]);
