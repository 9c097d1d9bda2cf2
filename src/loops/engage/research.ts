import { emailDomainOf, isFreeMailDomain } from '../../agents/heuristics/index.js';
import type { Json, JsonObject, LoopContext, StoredRecord } from '../../kernel/index.js';
import type { EngageConfig } from './config.js';
import { FactSheet, list, money, num, type Signal, str } from './facts.js';
import { askSource } from './signal-sources.js';

type Ctx = LoopContext<EngageConfig>;

/** Who a sequence is for: a lead or a contact record, its account and its owner. */
export interface Prospect {
  kind: 'lead' | 'contact';
  id: string;
  values: JsonObject;
  account: StoredRecord | null;
  ownerId: string;
}

/** What research found: the cited facts, every signal, and the one the sequence leads with. */
export interface Research {
  facts: FactSheet;
  signals: Signal[];
  headline: Signal | null;
  domain: string | null;
}

/** Company fields read from the prospect (enriched or typed in) or its account. */
const COMPANY_FIELDS = ['industry', 'employees', 'technologies', 'region', 'country'] as const;

/** The company domain: the prospect's, its account's, or its work email's. */
function domainOf(p: Prospect): string | null {
  const given = str(p.values.domain) ?? str(p.account?.values.domain);
  if (given) return given.toLowerCase();
  const fromEmail = emailDomainOf(str(p.values.email) ?? '');
  return fromEmail && !isFreeMailDomain(fromEmail) ? fromEmail : null;
}

/** Who a company field came from: the enrichment provider qualify recorded, else the record itself. */
function fieldSource(values: JsonObject, field: string, record: string): string {
  const filled = (values.enrichment as { filled?: Record<string, unknown> } | undefined)?.filled;
  const provider = filled ? str(filled[field]) : undefined;
  return provider ? `enrichment:${provider}` : record;
}

function personFacts(sheet: FactSheet, p: Prospect, cite: string): void {
  const v = p.values;
  const first = str(v.firstName) ?? str(v.name)?.split(/\s+/)[0];
  sheet.add('lead.firstName', first, cite);
  sheet.add('lead.lastName', str(v.lastName), cite);
  sheet.add('lead.name', str(v.name) ?? [first, str(v.lastName)].filter(Boolean).join(' '), cite);
  sheet.add('lead.title', str(v.title), cite);
  sheet.add('lead.email', str(v.email), cite);
  sheet.add('lead.campaign', str(v.campaign), cite);
  sheet.add('lead.source', str(v.source), cite);
  sheet.add('lead.grade', str(v.grade), cite);
}

function companyFacts(sheet: FactSheet, p: Prospect, domain: string | null, cite: string): void {
  const a = p.account;
  const aCite = a ? `record:account/${a.id}` : cite;
  sheet.add(
    'company.name',
    str(p.values.company) ?? str(a?.values.name),
    str(p.values.company) ? cite : aCite,
  );
  sheet.add('company.domain', domain, cite);
  for (const f of COMPANY_FIELDS) {
    const own = p.values[f];
    const value = f === 'technologies' ? list(own) : f === 'employees' ? num(own) : str(own);
    if (value !== undefined) sheet.add(`company.${f}`, value, fieldSource(p.values, f, cite));
    else if (a) {
      const av = a.values[f];
      sheet.add(
        `company.${f}`,
        f === 'technologies' ? list(av) : f === 'employees' ? num(av) : str(av),
        aCite,
      );
    }
  }
  if (a) {
    sheet.add('account.id', a.id, aCite);
    sheet.add('account.name', str(a.values.name), aCite);
    sheet.add('account.customer', a.values.customer === true, aCite);
  }
}

/** Facts of one signal under `prefix` (signal, funding, hiring, news, technology). */
function signalFacts(sheet: FactSheet, prefix: string, s: Signal): void {
  sheet.add(`${prefix}.kind`, s.kind, s.source);
  sheet.add(`${prefix}.title`, s.title, s.source);
  sheet.add(`${prefix}.detail`, s.detail, s.source);
  sheet.add(`${prefix}.round`, s.round, s.source);
  sheet.add(`${prefix}.amount`, s.amount === null ? null : money(s.amount), s.source);
  sheet.add(`${prefix}.date`, s.date, s.source);
}

/** The signal the sequence leads with: the first kind in the configured order, newest first. */
function headlineOf(config: EngageConfig, signals: readonly Signal[]): Signal | null {
  for (const kind of config.research.headline) {
    const s = signals.find((x) => x.kind === kind);
    if (s) return s;
  }
  return null;
}

/**
 * Gathers cited facts about a prospect: the record (lead or contact), the enrichment qualify wrote
 * back, the account and its open opportunities, the owner, and signals from every research source
 * (and from the event that started the run, first). Lookups are recorded, so replay reads the same.
 */
export async function research(ctx: Ctx, p: Prospect, eventSignal: Signal | null): Promise<Research> {
  const sheet = new FactSheet();
  const cite = `record:${p.kind}/${p.id}`;
  const domain = domainOf(p);
  personFacts(sheet, p, cite);
  companyFacts(sheet, p, domain, cite);
  if (p.account) {
    const open = await ctx.records.count('opportunity', { accountId: p.account.id, status: 'open' });
    sheet.add('account.openOpportunities', open, `record:opportunity?accountId=${p.account.id}`);
  }
  const owner = await ctx.records.get('user', p.ownerId);
  const oCite = `record:user/${p.ownerId}`;
  sheet.add('owner.name', str(owner?.values.name) ?? p.ownerId, oCite);
  sheet.add('owner.firstName', str(owner?.values.name)?.split(/\s+/)[0] ?? p.ownerId, oCite);
  sheet.add('owner.email', str(owner?.values.email), oCite);
  const signals: Signal[] = eventSignal ? [eventSignal] : [];
  const asked: Json[] = [];
  for (const source of ctx.config.research.sources) {
    if (!domain) {
      asked.push({ source: source.name, status: 'skipped', reason: 'no company domain' });
      continue;
    }
    const r = await askSource(ctx, source, domain);
    asked.push(
      r.ok
        ? { source: source.name, status: 'ok', signals: r.signals.length }
        : { source: source.name, status: 'unavailable', reason: r.reason },
    );
    if (r.ok) signals.push(...r.signals);
  }
  const headline = headlineOf(ctx.config, signals);
  if (headline) signalFacts(sheet, 'signal', headline);
  for (const s of signals) signalFacts(sheet, s.kind, s);
  ctx.trace.step('research', {
    domain,
    sources: asked,
    signals: signals.map((s) => ({ kind: s.kind, title: s.title, date: s.date, source: s.source })),
    headline: headline ? headline.title : null,
    facts: sheet.all().map((f) => ({ key: f.key, value: f.value, source: f.source })),
  });
  return { facts: sheet, signals, headline, domain };
}
