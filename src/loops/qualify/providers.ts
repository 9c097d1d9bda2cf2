import { getPath, type JsonObject, type LoopContext, type StoredRecord } from '../../kernel/index.js';
import { type Candidate, type CompanyQuery, candidateOf, mapFields, nameWords } from './company.js';
import type { QualifyConfig } from './config.js';
import type { EnrichmentProvider } from './enrichment-config.js';

/** What asking one provider came to. */
export type ProviderAnswer =
  | { kind: 'candidates'; candidates: Candidate[]; latencyMs?: number }
  | { kind: 'skipped'; reason: string }
  | { kind: 'unavailable'; reason: string; latencyMs?: number };

type Ctx = LoopContext<QualifyConfig>;
type Of<K extends EnrichmentProvider['kind']> = Extract<EnrichmentProvider, { kind: K }>;

/** Accounts in the records of work with the lead's domain (or its parent), or exactly its company name. */
async function fromAccounts(ctx: Ctx, p: Of<'accounts'>, q: CompanyQuery): Promise<ProviderAnswer> {
  if (q.domains.length === 0 && q.name === undefined)
    return { kind: 'skipped', reason: 'the lead has no company name or domain' };
  const found = new Map<string, StoredRecord>();
  const limit = { limit: p.maxCandidates };
  for (const d of q.domains)
    for (const r of await ctx.records.find('account', { [p.match.domain]: d }, limit)) found.set(r.id, r);
  if (q.name !== undefined)
    for (const r of await ctx.records.find('account', { [p.match.name]: q.name }, limit)) found.set(r.id, r);
  const candidates = [...found.values()]
    .slice(0, p.maxCandidates)
    .map((r) =>
      candidateOf(
        r.id,
        { name: getPath(r.values, p.match.name), domain: getPath(r.values, p.match.domain) },
        mapFields(r.values, p.fields),
      ),
    );
  return { kind: 'candidates', candidates };
}

/** Rows of a companies file with the lead's domain or website, or sharing its company name's words. */
async function fromFile(ctx: Ctx, p: Of<'file'>, q: CompanyQuery): Promise<ProviderAnswer> {
  const words = q.name === undefined ? '' : nameWords(q.name);
  const hosts = [...q.domains, ...(q.website === undefined ? [] : [q.website])];
  const match = [
    ...hosts.flatMap((value) => [
      { column: p.columns.domain, value, mode: 'host' as const },
      { column: p.columns.website, value, mode: 'host' as const },
    ]),
    ...(words === '' ? [] : [{ column: p.columns.name, value: words, mode: 'words' as const }]),
  ];
  if (match.length === 0)
    return { kind: 'skipped', reason: 'the lead has no company name, domain or website' };
  const r = await ctx.lookup.file({ file: p.file, match, limit: p.maxCandidates });
  if (!r.ok) return { kind: 'unavailable', reason: r.reason };
  const { columns: c } = p;
  const candidates = r.rows.map((row) => {
    const v = row.values;
    const id = String(v[c.id] ?? v[c.domain] ?? `row-${row.row}`);
    return candidateOf(
      id,
      { name: v[c.name], domain: v[c.domain], website: v[c.website] },
      mapFields(v, p.fields),
    );
  });
  return { kind: 'candidates', candidates };
}

/** The URL with {domain} and {name} filled in, or why it cannot be. */
function urlFor(p: Of<'http'>, q: CompanyQuery): { url: string } | { missing: string } {
  if (p.url.includes('{domain}') && q.domain === undefined) return { missing: 'domain' };
  if (p.url.includes('{name}') && q.name === undefined) return { missing: 'company name' };
  const url = p.url
    .replaceAll('{domain}', encodeURIComponent(q.domain ?? ''))
    .replaceAll('{name}', encodeURIComponent(q.name ?? ''));
  return { url };
}

/** The companies in an HTTP provider's answer: the object (or list) at `root`, mapped. */
async function fromHttp(ctx: Ctx, p: Of<'http'>, q: CompanyQuery): Promise<ProviderAnswer> {
  const target = urlFor(p, q);
  if ('missing' in target) return { kind: 'skipped', reason: `the lead has no ${target.missing} to look up` };
  const headers = Object.entries(p.headers).map(([name, h]) => ({
    name,
    env: h.env,
    ...(h.prefix === undefined ? {} : { prefix: h.prefix }),
  }));
  const r = await ctx.lookup.http({ url: target.url, headers, timeoutMs: p.timeoutMs });
  if (!r.ok) return { kind: 'unavailable', reason: r.reason, latencyMs: r.latencyMs };
  const root = p.root === undefined ? r.body : getPath(r.body, p.root);
  const items = (Array.isArray(root) ? root : [root]).filter(
    (x): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x),
  );
  // Asked by domain, a company without its own domain field is the company of that domain.
  const askedDomain = p.url.includes('{domain}') ? q.domain : undefined;
  const candidates = items.slice(0, p.maxCandidates).map((item, i) => {
    const fields = mapFields(item, p.fields);
    const domain = fields.domain ?? askedDomain;
    const id = String(item.id ?? domain ?? `result-${i + 1}`);
    return candidateOf(id, { name: fields.name, domain, website: fields.website }, fields);
  });
  return { kind: 'candidates', candidates, latencyMs: r.latencyMs };
}

/** Asks one provider of the waterfall for the companies that may be the lead's. */
export function askProvider(ctx: Ctx, p: EnrichmentProvider, q: CompanyQuery): Promise<ProviderAnswer> {
  if (p.kind === 'accounts') return fromAccounts(ctx, p, q);
  if (p.kind === 'file') return fromFile(ctx, p, q);
  return fromHttp(ctx, p, q);
}
