import { companyNameTokens, nameTokens } from './company-name.js';
import { levenshteinRatio, round3 } from './string-similarity.js';

/**
 * Second-level public suffixes under which companies register (`acme.co.uk`). Not the whole Public
 * Suffix List: the common country forms, enough to find the registrable part of a company domain.
 */
// biome-ignore format: a word list reads best packed
const SECOND_LEVEL = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'ltd.uk', 'plc.uk', 'me.uk',
  'com.au', 'net.au', 'org.au', 'co.nz', 'org.nz', 'co.za', 'co.in', 'net.in', 'org.in',
  'co.jp', 'ne.jp', 'or.jp', 'co.kr', 'or.kr', 'com.br', 'net.br', 'com.mx', 'com.ar', 'com.co',
  'com.cn', 'net.cn', 'com.hk', 'com.sg', 'com.my', 'com.tw', 'com.tr', 'com.pl', 'co.il',
  'com.es', 'co.at', 'or.at', 'com.pe', 'com.ph', 'com.vn', 'co.id', 'co.th', 'com.ua', 'com.sa',
  'com.eg', 'com.ng', 'co.ke', 'com.pk', 'com.bd',
]);

/**
 * Hosting platforms whose customers get a subdomain (`shop.myshopify.com`): there the subdomain is
 * the site's own name, as the private section of the Public Suffix List says. The platform's own
 * domain (`myshopify.com` alone) stays itself.
 */
// biome-ignore format: a word list reads best packed
const HOSTED = new Set([
  'myshopify.com', 'wixsite.com', 'github.io', 'gitlab.io', 'herokuapp.com', 'netlify.app', 'vercel.app',
  'pages.dev', 'webflow.io', 'wordpress.com', 'blogspot.com', 'azurewebsites.net', 'appspot.com',
  'firebaseapp.com', 'web.app', 'notion.site', 'substack.com', 'weebly.com', 'godaddysites.com',
  'business.site', 'carrd.co', 'framer.website', 'square.site', 'myportfolio.com', 'wpengine.com',
]);

/** The lowercase host of a URL, e-mail address or bare domain, without `www.`, port or trailing dot. */
function hostOf(value: string): string | null {
  const withoutScheme = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const authority = withoutScheme.split(/[/?#]/)[0] ?? '';
  const v = authority
    .replace(/^.*@/, '') // user info, or the local part of an e-mail address
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .replace(/^www\d*\./, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v)) return null;
  return v;
}

/**
 * The registrable domain of a URL, e-mail or host: the public suffix plus one label
 * (`https://app.eu.acme.co.uk/x` -> `acme.co.uk`, `jane@mail.acme.com` -> `acme.com`,
 * `candles.myshopify.com` stays whole, since the shop is not Shopify). Null when the value holds
 * no domain.
 */
export function registrableDomain(value: string): string | null {
  const host = hostOf(value);
  if (!host) return null;
  const labels = host.split('.');
  const lastTwo = labels.slice(-2).join('.');
  if (HOSTED.has(lastTwo)) return labels.length > 2 ? labels.slice(-3).join('.') : lastTwo;
  const keep = SECOND_LEVEL.has(lastTwo) ? 3 : 2;
  if (labels.length < keep) return null;
  return labels.slice(-keep).join('.');
}

/** The label that names the company in a registrable domain: `acme` of `acme.co.uk`. */
function domainLabel(domain: string): string {
  return domain.split('.')[0] ?? domain;
}

/** A domain comparison with the registrable domains it compared, for evidence. */
export interface DomainSimilarity {
  score: number;
  basis: string;
}

/**
 * How alike two domains (or URLs, or e-mails) are, in [0, 1]: 1 for the same registrable domain
 * (subdomains and `www` do not matter), 0.7 for the same name under another suffix (`acme.com` vs
 * `acme.io`), otherwise at most 0.5 from the edit distance of the names (`acme.com` vs `acmee.com`).
 */
export function compareDomains(a: string, b: string): DomainSimilarity {
  const da = registrableDomain(a);
  const db = registrableDomain(b);
  if (!da || !db) return { score: 0, basis: `no domain in ${da ? JSON.stringify(b) : JSON.stringify(a)}` };
  if (da === db) return { score: 1, basis: `same domain ${da}` };
  const la = domainLabel(da);
  const lb = domainLabel(db);
  if (la === lb) return { score: 0.7, basis: `same name ${la} under another suffix (${da} vs ${db})` };
  return { score: round3(0.5 * levenshteinRatio(la, lb)), basis: `different domains ${da} vs ${db}` };
}

/** How alike two domains are, in [0, 1] (see `compareDomains`). */
export function domainSimilarity(a: string, b: string): number {
  return compareDomains(a, b).score;
}

/**
 * How well a domain fits a company name, in [0, 1]: 1 when the domain's name is the company's words
 * run together, with or without the legal form (`acmelabs.io` for "Acme Labs, Inc.", `acmecorp.com`
 * for "Acme Corp") or with dashes, 0.85 for their initials
 * (`ibm.com`) or the first word (`acme.com` for "Acme Analytics"), otherwise the edit-distance ratio
 * scaled to at most 0.6.
 */
export function domainNameSimilarity(domain: string, name: string): number {
  const d = registrableDomain(domain);
  const tokens = companyNameTokens(name);
  if (!d || tokens.length === 0) return 0;
  const label = domainLabel(d).replace(/-/g, '');
  const joined = tokens.join('');
  const whole = nameTokens(name)
    .filter((t, i) => i > 0 || t !== 'the')
    .join('');
  if (label === joined || label === whole) return 1;
  const initials = tokens.map((t) => t[0]).join('');
  if (tokens.length > 1 && (label === initials || label === tokens[0])) return 0.85;
  return round3(0.6 * levenshteinRatio(label, joined));
}

/**
 * How a domain relates to a company name: `fits` when its label is the name run together, its
 * initials or its first word (domainNameSimilarity 0.85 or more), `extends` when the label is the
 * name followed by more (`acmedental` for "Acme": a more specific company), otherwise `other`.
 */
export function domainNameRelation(domain: string, name: string): 'fits' | 'extends' | 'other' {
  if (domainNameSimilarity(domain, name) >= 0.85) return 'fits';
  const d = registrableDomain(domain);
  const joined = companyNameTokens(name).join('');
  if (!d || joined.length < 3) return 'other';
  return domainLabel(d).replace(/-/g, '').startsWith(joined) ? 'extends' : 'other';
}

/** The domain of an email address, lower-cased, or undefined when the value is not an address. */
export function emailDomainOf(email: unknown): string | undefined {
  if (typeof email !== 'string') return undefined;
  const at = email.lastIndexOf('@');
  return at < 0 || at === email.length - 1
    ? undefined
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}
