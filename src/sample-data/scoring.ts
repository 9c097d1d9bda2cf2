import { INDUSTRIES, TECHNOLOGIES } from './firmographics.js';
import { REGION_FIT, type Region } from './geography.js';
import {
  FORM_INTENT,
  FUNCTION_FIT,
  type JobFunction,
  PAGES,
  SENIORITY_FIT,
  type Seniority,
  TITLES,
} from './personas.js';
import type { LeadCreatedPayload, SampleActivity } from './types.js';

const INDUSTRY_FIT = new Map(INDUSTRIES.items.map((i) => [i.name, i.fit]));
const SIGNAL_TECH = new Set(TECHNOLOGIES.filter((t) => t.signal).map((t) => t.name));
const PAGE_WEIGHT = new Map(PAGES.map(([path, w]) => [path, w]));
const PERSONA_BY_TITLE = new Map<string, { seniority: Seniority; fn: JobFunction }>();
for (const [fn, bySeniority] of Object.entries(TITLES) as [
  JobFunction,
  Record<Seniority, readonly string[]>,
][]) {
  for (const [seniority, titles] of Object.entries(bySeniority) as [Seniority, readonly string[]][]) {
    for (const title of titles)
      if (!PERSONA_BY_TITLE.has(title)) PERSONA_BY_TITLE.set(title, { seniority, fn });
  }
}

/** The seniority and function a generated title stands for (undefined for titles the generator never writes). */
export function titlePersona(title: string): { seniority: Seniority; fn: JobFunction } | undefined {
  return PERSONA_BY_TITLE.get(title);
}

/** 0..1, peaking at 1,200 employees and falling off on a log scale (the seller's sweet spot). */
function sizeFit(employees: number): number {
  const d = Math.log(Math.max(1, employees)) - Math.log(1200);
  return Math.exp(-(d * d) / (2 * 1.4 * 1.4));
}

/** 0..1 company fit: size, industry, integration technologies and region. */
export function companyFit(c: {
  employees: number;
  industry: string;
  technologies: readonly string[];
  region: string;
}): number {
  const tech = Math.min(3, c.technologies.filter((t) => SIGNAL_TECH.has(t)).length) / 3;
  const region = REGION_FIT[c.region as Region] ?? 0.5;
  return (
    0.4 * sizeFit(c.employees) + 0.3 * (INDUSTRY_FIT.get(c.industry) ?? 0.4) + 0.15 * tech + 0.15 * region
  );
}

/** True for addresses at free mail providers. */
export function isFreeEmail(email: string): boolean {
  return /@(gmail|outlook|yahoo|hotmail|icloud|proton|aol)\./.test(email);
}

/**
 * 0..1 fit of a lead, from what the lead carries: company fit (55%) and persona fit (45%: seniority ×
 * function), cut by a quarter for free-mail addresses. This is the fit outcomes were drawn from.
 */
export function leadFit(
  lead: Pick<LeadCreatedPayload, 'email' | 'title' | 'employees' | 'industry' | 'technologies' | 'region'>,
): number {
  const persona = titlePersona(lead.title);
  const personaFit = persona ? SENIORITY_FIT[persona.seniority] * FUNCTION_FIT[persona.fn] : 0.2;
  const fit = 0.55 * companyFit(lead) + 0.45 * personaFit;
  return isFreeEmail(lead.email) ? fit * 0.75 : fit;
}

function activityWeight(a: SampleActivity, formType: string): number {
  switch (a.type) {
    case 'page_visit':
      return PAGE_WEIGHT.get(a.detail) ?? 0.5;
    case 'email_open':
      return 0.3;
    case 'email_click':
      return 1;
    case 'webinar':
      return a.detail.startsWith('attended') ? 3 : 1;
    case 'content_download':
      return 1.5;
    case 'form_submit':
      return 6 * (FORM_INTENT[formType] ?? 0.2);
  }
}

/** 0..1 engagement from the activities and the form: `1 - exp(-points / 12)`. */
export function leadEngagement(lead: Pick<LeadCreatedPayload, 'activities' | 'formType'>): number {
  let points = 0;
  for (const a of lead.activities) points += activityWeight(a, lead.formType);
  return 1 - Math.exp(-points / 12);
}
