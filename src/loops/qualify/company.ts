import { companyNameTokens, registrableDomain } from '../../agents/heuristics/index.js';
import { getPath, isMissing, type Json, type JsonObject } from '../../kernel/index.js';
import { LIST_COMPANY_FIELDS, NUMERIC_COMPANY_FIELDS } from './enrichment-config.js';
import { toJson } from './factors.js';

/** What a lead says about its company: what enrichment matches on. */
export interface CompanyQuery {
  name?: string;
  /** The company domain (the lead's, else its email's; never a free email provider). */
  domain?: string;
  website?: string;
  /** The domain and its registrable parent (eu.acme.com and acme.com), to look up. */
  domains: string[];
}

/** A company a provider offered for a lead, with the fields it maps. */
export interface Candidate {
  id: string;
  name?: string;
  domain?: string;
  website?: string;
  fields: JsonObject;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/** The query of a lead, from its company name, company domain and website. */
export function companyQuery(
  subject: Readonly<Record<string, unknown>>,
  domain: string | undefined,
): CompanyQuery {
  const name = text(subject.company);
  const website = text(subject.website);
  const parent = domain === undefined ? null : registrableDomain(domain);
  const domains = [...new Set([domain, parent].filter((d): d is string => typeof d === 'string'))];
  return {
    ...(name === undefined ? {} : { name }),
    ...(domain === undefined ? {} : { domain }),
    ...(website === undefined ? {} : { website }),
    domains,
  };
}

/** The words that identify a company name, legal forms dropped: what a name lookup searches for. */
export function nameWords(name: string): string {
  return companyNameTokens(name).join(' ');
}

/** True when the candidate's domain (or website) is the same registrable domain as the lead's. */
export function sameDomain(c: Pick<Candidate, 'domain' | 'website'>, query: CompanyQuery): boolean {
  const mine = query.domain === undefined ? null : registrableDomain(query.domain);
  if (mine === null) return false;
  const theirs = [c.domain, c.website].map((v) => (v === undefined ? null : registrableDomain(v)));
  return theirs.includes(mine);
}

function coerce(field: string, value: unknown): Json | undefined {
  if (isMissing(value)) return undefined;
  if (NUMERIC_COMPANY_FIELDS.has(field)) {
    const n = typeof value === 'number' ? value : Number(String(value).replace(/[\s,_]/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  if (LIST_COMPANY_FIELDS.has(field) && typeof value === 'string') {
    const list = value
      .split(/[;|]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return list.length === 0 ? undefined : list;
  }
  return toJson(value);
}

/** The company fields a provider maps out of one of its records (field -> path), typed; missing ones left out. */
export function mapFields(source: unknown, fields: Readonly<Record<string, string>>): JsonObject {
  const out: JsonObject = {};
  for (const [field, path] of Object.entries(fields)) {
    const v = coerce(field, getPath(source, path));
    if (v !== undefined) out[field] = v;
  }
  return out;
}

/** A candidate from a provider record: its id, the fields it is matched on, and its mapped fields. */
export function candidateOf(id: string, keys: Record<string, unknown>, fields: JsonObject): Candidate {
  const name = text(keys.name);
  const domain = text(keys.domain);
  const website = text(keys.website);
  return {
    id,
    ...(name === undefined ? {} : { name }),
    ...(domain === undefined ? {} : { domain }),
    ...(website === undefined ? {} : { website }),
    fields,
  };
}
