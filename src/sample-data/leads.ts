import type { Random } from '../kernel/index.js';
import { LEGAL_SUFFIXES } from './firmographics.js';
import { COUNTRIES, type Country } from './geography.js';
import { isoTime } from './iso-time.js';
import { asciiSlug, displayName, NAMES } from './names.js';
import {
  CAMPAIGNS,
  FORM_INTENT,
  FORMS_BY_SOURCE,
  FREE_EMAIL_DOMAINS,
  FUNCTIONS,
  PAGES,
  SENIORITY,
  type Seniority,
  SOURCES,
  TITLES,
  WEBINARS,
} from './personas.js';
import { chance, normal, pickWeighted, poisson, sigmoid } from './random.js';
import { isFreeEmail, leadEngagement, leadFit } from './scoring.js';
import type { LeadCreatedPayload, SampleAccount, SampleActivity, SampleLead } from './types.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const COUNTRY_BY_CODE = new Map(COUNTRIES.map(([c]) => [c.code, c]));
const ALL_COUNTRIES = COUNTRIES.map(([c]) => c);
const HIGH_INTENT_PAGES = PAGES.filter(([, w]) => w >= 2).map(([p]) => p);
const ALL_PAGES = PAGES.map(([p]) => p);
const ASSETS = [
  'RevOps Benchmark Report',
  'Lead Routing Playbook',
  'ICP Workbook',
  'Pipeline Review Template',
];

/** The id of lead number `index` (0-based). */
function leadId(index: number): string {
  return `lead_${String(index + 1).padStart(7, '0')}`;
}

function seniorityFor(rng: Random, employees: number): Seniority {
  // At small companies founders and executives fill in forms themselves.
  if (employees < 50 && chance(rng, 0.15)) return 'c-level';
  return pickWeighted(rng, SENIORITY);
}

function emailFor(rng: Random, first: string, last: string, domain: string, free: boolean): string {
  const f = asciiSlug(first) || 'info';
  const l = asciiSlug(last) || 'contact';
  if (free)
    return `${f}.${l}${chance(rng, 0.4) ? String(rng.int(90) + 10) : ''}@${pickWeighted(rng, FREE_EMAIL_DOMAINS)}`;
  const r = rng.next();
  const local =
    r < 0.55 ? `${f}.${l}` : r < 0.75 ? `${f[0]}${l}` : r < 0.85 ? f : r < 0.93 ? `${f}${l[0]}` : `${f}_${l}`;
  return `${local}@${domain}`;
}

/** The company as the person typed it: usually the name, sometimes with a legal suffix, lower case or shortened. */
function typedCompany(rng: Random, account: SampleAccount): string {
  const r = rng.next();
  if (r < 0.7) return account.name;
  if (r < 0.85)
    return `${account.name} ${rng.pick(LEGAL_SUFFIXES[account.country] ?? LEGAL_SUFFIXES.default ?? [])}`.trim();
  if (r < 0.95) return account.name.toLowerCase();
  return account.name.split(' ').slice(0, -1).join(' ') || account.name;
}

function formFor(rng: Random, source: string, intent: number): string {
  const forms = FORMS_BY_SOURCE[source] ?? ['content_download'];
  let total = 0;
  const weights = forms.map((f, i) => {
    const fi = FORM_INTENT[f] ?? 0.2;
    const w = (intent * fi * 2 + (1 - intent) * (1 - fi) + 0.1) / (i + 1);
    total += w;
    return w;
  });
  let x = rng.next() * total;
  for (let i = 0; i < forms.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return forms[i] as string;
  }
  return forms[0] as string;
}

/** A weekday instant in the window, at office hours in the country (weekends keep 30% of their leads). */
function createdAtFor(rng: Random, start: number, days: number, country: Country): number {
  for (;;) {
    const day = Math.floor(rng.next() * days);
    const weekday = new Date(start + day * DAY_MS).getUTCDay();
    if ((weekday === 0 || weekday === 6) && !chance(rng, 0.3)) continue;
    const localHour = Math.min(21, Math.max(6, 13 + 2.5 * normal(rng)));
    return (
      start + day * DAY_MS + (Math.floor(localHour) - country.utcOffset) * HOUR_MS + rng.int(3600) * 1000
    );
  }
}

function activityAt(rng: Random, at: string, intent: number): SampleActivity {
  const r = rng.next();
  if (r < 0.55)
    return { type: 'page_visit', at, detail: rng.pick(chance(rng, intent) ? HIGH_INTENT_PAGES : ALL_PAGES) };
  if (r < 0.77) return { type: 'email_open', at, detail: rng.pick(CAMPAIGNS) };
  if (r < 0.85) return { type: 'email_click', at, detail: rng.pick(CAMPAIGNS) };
  if (r < 0.9) {
    const attended = chance(rng, 0.3 + 0.5 * intent);
    return { type: 'webinar', at, detail: `${attended ? 'attended' : 'registered'}: ${rng.pick(WEBINARS)}` };
  }
  return { type: 'content_download', at, detail: rng.pick(ASSETS) };
}

function activitiesFor(rng: Random, createdAt: number, intent: number, formType: string): SampleActivity[] {
  const n = Math.min(25, poisson(rng, 0.5 + 7 * intent));
  // Recent days are busier: the gap before the form is 45 days × u². Times first, sorted, then content.
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    times[i] = createdAt - Math.floor(45 * DAY_MS * u * u) - 60_000;
  }
  times.sort();
  const activities: SampleActivity[] = [];
  for (let i = 0; i < n; i++) activities.push(activityAt(rng, isoTime(times[i] ?? createdAt), intent));
  activities.push({ type: 'form_submit', at: isoTime(createdAt), detail: formType });
  return activities;
}

/** The window leads fall in: `days` days ending at `asOf`. */
export interface LeadWindow {
  start: number;
  days: number;
}

/**
 * The next lead from the leads stream, at `account`: a person (name, title, email), where and how they came
 * in, what they did before, and what became of them. Conversion follows fit and engagement (both
 * computable from the lead) plus a hidden intent and noise, so a model has signal to find but not all of it.
 */
export function nextLead(rng: Random, index: number, account: SampleAccount, window: LeadWindow): SampleLead {
  const home = COUNTRY_BY_CODE.get(account.country) ?? (ALL_COUNTRIES[0] as Country);
  const country = chance(rng, 0.92) ? home : rng.pick(ALL_COUNTRIES);
  const names = NAMES[chance(rng, 0.85) ? country.names : rng.pick(['anglo', 'global'] as const)];
  const firstName = displayName(rng.pick(names.first));
  const lastName = displayName(rng.pick(names.last));
  const seniority = seniorityFor(rng, account.employees);
  const fn = pickWeighted(rng, FUNCTIONS);
  const title = rng.pick(TITLES[fn][seniority]);
  const pFree =
    (account.employees < 20 ? 0.45 : account.employees < 200 ? 0.15 : 0.06) +
    (seniority === 'other' ? 0.3 : 0);
  const email = emailFor(rng, firstName, lastName, account.domain, chance(rng, pFree));
  const free = isFreeEmail(email);
  const source = pickWeighted(rng, SOURCES);
  const company = typedCompany(rng, account);
  const domain = free && chance(rng, 0.5) ? null : account.domain;
  const { employees, industry, technologies } = account;
  const fit = leadFit({ email, title, employees, industry, technologies, region: country.region });
  // Hidden buying intent: partly explained by fit, partly not.
  const intent = sigmoid(-0.9 + 1.5 * normal(rng) + 2 * (fit - 0.45));
  const formType = formFor(rng, source, intent);
  const createdAt = createdAtFor(rng, window.start, window.days, country);
  const lead: LeadCreatedPayload = {
    id: leadId(index),
    email,
    firstName,
    lastName,
    title,
    company,
    domain,
    country: country.code,
    region: country.region,
    source,
    formType,
    employees,
    industry,
    technologies,
    createdAt: isoTime(createdAt),
    activities: activitiesFor(rng, createdAt, intent, formType),
  };
  const engagement = leadEngagement(lead);
  const converted = chance(
    rng,
    sigmoid(-6.8 + 5 * fit + 3.2 * engagement + 1.2 * (intent - 0.3) + (account.customer ? 0.3 : 0)),
  );
  const opportunityNoise = normal(rng);
  const won = converted && chance(rng, sigmoid(-3.4 + 3 * fit + 0.8 * engagement + 0.7 * opportunityNoise));
  const convertedAt = converted ? createdAt + Math.round(-Math.log(1 - rng.next()) * 6 * DAY_MS) : null;
  const cycleDays = 25 * (account.employees / 100) ** 0.2 * Math.exp(0.4 * normal(rng));
  const amount =
    Math.round((6000 * (account.employees / 100) ** 0.45 * Math.exp(0.35 * normal(rng))) / 100) * 100;
  return {
    lead,
    outcome: {
      leadId: lead.id,
      accountId: account.id,
      converted,
      convertedAt: convertedAt === null ? null : isoTime(convertedAt),
      opportunityId: converted ? `opp_${lead.id.slice(5)}` : null,
      won,
      closedAt: convertedAt === null ? null : isoTime(convertedAt + Math.round(cycleDays * DAY_MS)),
      amount: converted ? amount : null,
    },
  };
}
