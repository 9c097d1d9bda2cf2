import { isMissing, type Json, type JsonObject, type LoopContext } from '../../kernel/index.js';
import { companyQuery } from './company.js';
import type { QualifyConfig } from './config.js';
import type { EnrichmentSummary } from './contract.js';
import { type AccountMatch, type EnrichmentResult, enrich, neededFields } from './enrichment.js';

/** Enrichment as applied to one lead: the summary for the output, and what to write on the lead record. */
export interface AppliedEnrichment {
  summary: EnrichmentSummary;
  /**
   * Lead fields filled, the `enrichment` field recording how, and (unless enrichment was skipped)
   * `matchedAccount`: the account the company matched, or null.
   */
  write: JsonObject;
  /** The account the company matched (or awaits review as), handed on to routing. */
  matchedAccount: JsonObject | null;
}

/** The account match as the lead record and the lead.qualified handoff carry it. */
function matchedAccountOf(a: AccountMatch | null): JsonObject | null {
  if (a === null) return null;
  const { id, name, status, provider, how, confidence } = a;
  return { id, ...(name === null ? {} : { name }), status, provider, how, confidence };
}

/** Puts the company on the subject (`enriched`) and fills the lead fields it lacks; returns lead field -> provider. */
function apply(
  subject: Record<string, unknown>,
  fill: Readonly<Record<string, string>>,
  r: EnrichmentResult,
): Record<string, string> {
  if (Object.keys(r.company).length > 0) subject.enriched = { ...r.company };
  const filled: Record<string, string> = {};
  for (const [leadField, companyField] of Object.entries(fill)) {
    const value = r.company[companyField];
    const provider = r.sources[companyField];
    if (value === undefined || provider === undefined || !isMissing(subject[leadField])) continue;
    subject[leadField] = value;
    filled[leadField] = provider;
  }
  return filled;
}

function summarize(
  ctx: LoopContext<QualifyConfig>,
  status: EnrichmentSummary['status'],
  reason: string,
  rest: { r?: EnrichmentResult; filled?: Record<string, string>; subject?: Record<string, unknown> } = {},
): AppliedEnrichment {
  const m = rest.r?.match ?? null;
  const account = rest.r?.account ?? null;
  const filled = rest.filled ?? {};
  const fields: JsonObject = {};
  for (const [f, provider] of Object.entries(rest.r?.sources ?? {}))
    fields[f] = { value: rest.r?.company[f] ?? null, provider };
  ctx.trace.step('enrichment', {
    status,
    filled,
    reason,
    ...(m
      ? { companyId: m.id, name: m.name, provider: m.provider, how: m.how, confidence: m.confidence }
      : {}),
    ...(account ? { account: { id: account.id, status: account.status, provider: account.provider } } : {}),
    fields,
  });
  // One short step per filled lead field, so `explain` shows each value with its provider.
  for (const [field, provider] of Object.entries(filled))
    ctx.trace.step('filled', { field, value: (rest.subject?.[field] ?? null) as Json, provider });
  const summary = {
    status,
    reason,
    companyId: m?.id ?? null,
    provider: m?.provider ?? null,
    filled: Object.keys(filled),
  };
  const values: JsonObject = {};
  for (const f of Object.keys(filled)) values[f] = (rest.subject?.[f] ?? null) as Json;
  const record: JsonObject = { ...summary, filled };
  // Enrichment that was tried says which account the company is, or that it is none: a stale match goes.
  const matchedAccount = matchedAccountOf(account);
  return {
    summary,
    write: { ...values, enrichment: record, ...(status === 'skipped' ? {} : { matchedAccount }) },
    matchedAccount,
  };
}

/**
 * Enriches the lead about to be scored, when providers are configured: skips a lead that already has
 * every field in `fill` (unless told otherwise), runs the waterfall, then puts the company at
 * `enriched` on the subject and fills the lead fields it lacks. Traced step by step, and summed up in
 * the `enrichment` trace step: which provider supplied each field.
 */
export async function enrichLead(
  ctx: LoopContext<QualifyConfig>,
  subject: Record<string, unknown>,
  leadSubject: string,
  domain: string | undefined,
): Promise<AppliedEnrichment | null> {
  // Config versions stored before enrichment existed (replayed as stored) have no enrichment block.
  const config: QualifyConfig['enrichment'] | undefined = ctx.config.enrichment;
  if (config === undefined || config.providers.length === 0) return null;
  const needed = neededFields(config, subject);
  if (config.skipWhenComplete && needed.length === 0) {
    const have = Object.keys(config.fill).join(', ') || 'no fields to fill';
    return summarize(ctx, 'skipped', `the lead already has ${have}`);
  }
  const query = companyQuery(subject, domain);
  if (query.name === undefined && query.domains.length === 0 && query.website === undefined)
    return summarize(ctx, 'unenriched', 'the lead gives no company name, company domain or website to match');
  const r = await enrich(ctx, { query, subject: leadSubject, needed });
  const filled = r.status === 'enriched' ? apply(subject, config.fill, r) : {};
  return summarize(ctx, r.status, r.reason, { r, filled, subject });
}
