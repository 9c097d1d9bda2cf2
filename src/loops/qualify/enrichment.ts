import { askAgent, isMissing, type Json, type JsonObject, type LoopContext } from '../../kernel/index.js';
import { matchCompanyTask } from './agent.js';
import { type Candidate, type CompanyQuery, sameDomain } from './company.js';
import type { QualifyConfig } from './config.js';
import { askProvider } from './providers.js';

/** How enrichment ended for a lead. */
type EnrichmentStatus = 'enriched' | 'unenriched' | 'review' | 'skipped';

/** The company a lead was matched to, and how. */
interface CompanyMatch {
  id: string;
  name: string | null;
  provider: string;
  how: 'exact-domain' | 'agent';
  confidence: number;
}

/**
 * The account record the lead's company is, when an `accounts` provider offered it: what routing
 * assigns by. `matched` once the company match applied; `review` when the match agent leaned to it
 * but below `autoAccept`, so a person has to confirm it first.
 */
export interface AccountMatch {
  id: string;
  name: string | null;
  status: 'matched' | 'review';
  /** The accounts provider that holds the record. */
  provider: string;
  /** How the company was matched: one exact domain, or the match agent. */
  how: CompanyMatch['how'];
  confidence: number;
}

/** What the waterfall found: the company's fields, which provider gave each, and why it ended as it did. */
export interface EnrichmentResult {
  status: EnrichmentStatus;
  reason: string;
  match: CompanyMatch | null;
  account: AccountMatch | null;
  company: JsonObject;
  /** Company field -> the provider that supplied it. */
  sources: Record<string, string>;
}

type Ctx = LoopContext<QualifyConfig>;

/** One lead's waterfall: its company query, the review subject, and the company fields still needed. */
export interface Waterfall {
  query: CompanyQuery;
  /** `lead:<id>`: what a review item is about. */
  subject: string;
  needed: readonly string[];
}

/** The company fields enrichment still has to find: those the lead lacks (all, when nothing is skipped). */
export function neededFields(
  config: QualifyConfig['enrichment'],
  subject: Record<string, unknown>,
): string[] {
  const entries = Object.entries(config.fill);
  const missing = entries.filter(([lead]) => isMissing(subject[lead]));
  return [...new Set((config.skipWhenComplete ? missing : entries).map(([, company]) => company))];
}

/** What the review queue gets: the lead's query, the candidates, and the agent's pick if it made one. */
function reviewMatch(
  ctx: Ctx,
  w: Waterfall,
  candidates: readonly Candidate[],
  why: { confidence?: number; reasoning: string; suggested: string | null },
): void {
  const q = w.query;
  ctx.review('enrichment', {
    subject: w.subject,
    proposedAction: {
      action: 'match-company',
      query: { ...q } as unknown as JsonObject,
      suggested: why.suggested,
      candidates: candidates.map((c) => ({ id: c.id, name: c.name ?? null, domain: c.domain ?? null })),
    },
    ...(why.confidence === undefined ? {} : { confidence: why.confidence }),
    reasoning: why.reasoning,
  });
}

/** The outcome of choosing among one provider's candidates. */
type Choice =
  | { picked: Candidate; how: CompanyMatch['how']; confidence: number }
  | { none: string }
  | { stop: EnrichmentStatus; reason: string; suggested?: { candidate: Candidate; confidence: number } };

/** Picks the lead's company among candidates: one exact domain match needs no agent, anything else asks one. */
async function choose(ctx: Ctx, w: Waterfall, candidates: Candidate[]): Promise<Choice> {
  const q = w.query;
  const exact = candidates.filter((c) => sameDomain(c, q));
  const [only] = exact;
  if (exact.length === 1 && only) return { picked: only, how: 'exact-domain', confidence: 1 };
  const input = {
    query: { name: q.name, domain: q.domain, website: q.website },
    candidates: candidates.map((c) => ({ id: c.id, name: c.name, domain: c.domain, website: c.website })),
  };
  const o = await askAgent(ctx, matchCompanyTask, input, ctx.config.enrichment.match);
  if (!o.ok) {
    reviewMatch(ctx, w, candidates, { reasoning: o.reason, suggested: null });
    return { stop: 'review', reason: `the match agent is unavailable (${o.reason}): sent to review` };
  }
  const picked = candidates.find((c) => c.id === o.answer.companyId);
  if (!picked)
    return {
      none:
        o.answer.companyId === null ? o.reasoning : `the agent named unknown candidate ${o.answer.companyId}`,
    };
  const confidence = o.confidence;
  if (o.route === 'fire') return { picked, how: 'agent', confidence };
  const { autoAccept, review } = ctx.config.enrichment.match;
  if (o.route === 'review') {
    reviewMatch(ctx, w, candidates, { confidence, reasoning: o.reasoning, suggested: picked.id });
    return {
      stop: 'review',
      reason: `${candidates.length} candidates; confidence ${confidence} is below ${autoAccept}: sent to review`,
      suggested: { candidate: picked, confidence },
    };
  }
  return {
    stop: 'unenriched',
    reason: `${candidates.length} candidates; confidence ${confidence} is below the review threshold ${review}`,
  };
}

function accountOf(
  provider: string,
  c: Candidate,
  status: AccountMatch['status'],
  how: CompanyMatch['how'],
  confidence: number,
): AccountMatch {
  return { id: c.id, name: c.name ?? null, status, provider, how, confidence };
}

/** Keeps only the candidate that is the company already matched (same domain or id). */
function sameCompany(
  candidates: readonly Candidate[],
  match: CompanyMatch,
  company: JsonObject,
): Candidate | undefined {
  const domain = typeof company.domain === 'string' ? company.domain : undefined;
  return candidates.find(
    (c) => c.id === match.id || (domain !== undefined && sameDomain(c, { domain, domains: [domain] })),
  );
}

/**
 * Runs the enrichment waterfall for a lead: each provider in order, until every needed field has a
 * value. The first provider to find the company settles who it is (one exact domain match, or the
 * match agent); later providers only add fields for that same company. An unavailable provider is
 * traced and skipped. An ambiguous match goes to review, or below the review threshold leaves the
 * lead unenriched, with the reason.
 */
export async function enrich(ctx: Ctx, w: Waterfall): Promise<EnrichmentResult> {
  const { query, needed } = w;
  const company: JsonObject = {};
  const sources: Record<string, string> = {};
  let match: CompanyMatch | null = null;
  let account: AccountMatch | null = null;
  const notes: string[] = [];
  const missing = () => needed.filter((f) => company[f] === undefined);
  const result = (status: EnrichmentStatus, reason: string): EnrichmentResult => ({
    status,
    reason,
    match,
    account,
    company,
    sources,
  });
  for (const p of ctx.config.enrichment.providers) {
    if (needed.length > 0 && missing().length === 0) break;
    const answer = await askProvider(
      ctx,
      p,
      match && typeof company.domain === 'string'
        ? { ...query, domain: company.domain, domains: [company.domain] }
        : query,
    );
    const base = {
      provider: p.name,
      kind: p.kind,
      ...(answer.kind !== 'skipped' && answer.latencyMs !== undefined ? { latencyMs: answer.latencyMs } : {}),
    };
    if (answer.kind === 'unavailable') {
      ctx.trace.step('provider-unavailable', { ...base, reason: answer.reason });
      notes.push(`${p.name} unavailable (${answer.reason})`);
      continue;
    }
    if (answer.kind === 'skipped') {
      ctx.trace.step('provider', { ...base, result: 'skipped', reason: answer.reason });
      notes.push(`${p.name} skipped (${answer.reason})`);
      continue;
    }
    const { candidates } = answer;
    let picked: Candidate | undefined;
    let why =
      candidates.length === 0 ? 'no candidate' : `none of ${candidates.length} candidates is the company`;
    if (match) {
      picked = sameCompany(candidates, match, company);
    } else if (candidates.length > 0) {
      const choice = await choose(ctx, w, candidates);
      if ('stop' in choice) {
        const s = choice.suggested;
        if (s && p.kind === 'accounts')
          account = accountOf(p.name, s.candidate, 'review', 'agent', s.confidence);
        ctx.trace.step('provider', {
          ...base,
          result: choice.stop,
          candidates: candidates.length,
          reason: choice.reason,
        });
        return result(choice.stop, choice.reason);
      }
      if ('none' in choice) why = choice.none;
      else {
        picked = choice.picked;
        match = {
          id: picked.id,
          name: picked.name ?? null,
          provider: p.name,
          how: choice.how,
          confidence: choice.confidence,
        };
        const { id, name, how, confidence } = match;
        ctx.trace.step('company-match', { provider: p.name, companyId: id, name, how, confidence });
      }
    }
    if (!picked) {
      ctx.trace.step('provider', { ...base, result: 'no-match', candidates: candidates.length, reason: why });
      notes.push(`${p.name}: ${why}`);
      continue;
    }
    if (p.kind === 'accounts' && match && !account)
      account = accountOf(p.name, picked, 'matched', match.how, match.confidence);
    const added = Object.keys(picked.fields).filter((f) => company[f] === undefined);
    for (const f of added) {
      company[f] = picked.fields[f] as Json;
      sources[f] = p.name;
    }
    ctx.trace.step('provider', {
      ...base,
      result: 'matched',
      candidates: candidates.length,
      companyId: picked.id,
      fields: added,
    });
  }
  if (!match) return result('unenriched', `no provider found the company: ${notes.join('; ')}`);
  const gaps = missing();
  return result('enriched', gaps.length === 0 ? 'every needed field found' : `not found: ${gaps.join(', ')}`);
}
