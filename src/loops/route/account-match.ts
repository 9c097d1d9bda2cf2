import { isFreeMailDomain, registrableDomain } from '../../agents/heuristics/index.js';
import { askAgent, type LoopContext, type StoredRecord } from '../../kernel/index.js';
import type { AccountMatch } from './actions.js';
import { matchAccountTask } from './agent.js';
import type { RouteConfig } from './config.js';
import { MatchedAccount } from './contract.js';
import { accountCandidates } from './reads.js';

type Ctx = LoopContext<RouteConfig>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * The account an upstream loop matched the lead to (the handoff's, else the lead record's), when
 * it is well formed; a malformed one is as good as none. Pure.
 */
export function upstreamAccount(subject: Readonly<Record<string, unknown>>): MatchedAccount | undefined {
  const parsed = MatchedAccount.safeParse(subject.matchedAccount);
  return parsed.success ? parsed.data : undefined;
}

/** How an upstream match was made, in a few words: `enrichment via crm-accounts (agent, confidence 0.93)`. */
export function upstreamHow(m: MatchedAccount): string {
  const detail = [m.how, typeof m.confidence === 'number' ? `confidence ${m.confidence}` : undefined].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  const via = m.provider ? ` via ${m.provider}` : '';
  return `enrichment${via}${detail.length === 0 ? '' : ` (${detail.join(', ')})`}`;
}

/** A domain that names no company: a free or personal email provider (gmail.com, outlook.com...). */
function isFreeMail(domain: string): boolean {
  return isFreeMailDomain(registrableDomain(domain) ?? domain);
}

/** Why the one account found matches: its own domain, and whether it is the lead's registrable domain. */
function oneAccount(account: StoredRecord, leadDomain: string): string {
  const own = str(account.values.domain)?.trim().toLowerCase();
  const lead = leadDomain.trim().toLowerCase();
  return own && own !== lead
    ? `account ${account.id} has domain ${own}, the registrable domain of ${lead}`
    : `account ${account.id} has domain ${own ?? lead}`;
}

/** A confirmed match: puts the account's fields on the subject for the rules (`account.tier`...). */
function matched(
  subject: Record<string, unknown>,
  id: string,
  account: StoredRecord | undefined,
  m: Pick<AccountMatch, 'via' | 'how' | 'reason' | 'confidence'>,
): AccountMatch {
  subject.account = { id, ...(account?.values ?? {}) };
  const owner = str(account?.values.ownerId);
  return { status: 'matched', accountId: id, ...(owner ? { ownerId: owner } : {}), ...m };
}

/** Several accounts share the lead's domain: the account-match agent's confidence decides match, review or triage. */
async function askAgentAmong(
  ctx: Ctx,
  subject: Record<string, unknown>,
  domain: string,
  found: readonly StoredRecord[],
): Promise<AccountMatch> {
  const candidates = found.map((a) => ({
    id: a.id,
    ...(str(a.values.name) ? { name: str(a.values.name) } : {}),
    ...(str(a.values.domain) ? { domain: str(a.values.domain) } : {}),
    ...(str(a.values.website) ? { website: str(a.values.website) } : {}),
  }));
  const query = { domain, ...(str(subject.company) ? { name: str(subject.company) } : {}) };
  const outcome = await askAgent(
    ctx,
    matchAccountTask,
    { lead: query, candidates },
    ctx.config.agent.thresholds,
  );
  const shared = `${found.length} accounts share ${domain}`;
  if (!outcome.ok)
    return { status: 'uncertain', via: 'domain', queue: 'review', reason: `${shared}; ${outcome.reason}` };
  const id = outcome.answer.accountId;
  const why = `${shared}; the agent picked ${id ?? 'none'} (confidence ${outcome.confidence}): ${outcome.reasoning}`;
  const account = found.find((a) => a.id === id);
  if (outcome.route === 'fire' && id) {
    const how = `domain ${domain} (the account-match agent, confidence ${outcome.confidence})`;
    return matched(subject, id, account, { via: 'domain', how, reason: why, confidence: outcome.confidence });
  }
  const owner = str(account?.values.ownerId);
  return {
    status: 'uncertain',
    via: 'domain',
    queue: outcome.route === 'review' && id ? 'review' : 'triage',
    reason: why,
    confidence: outcome.confidence,
    ...(id ? { accountId: id } : {}),
    ...(owner ? { ownerId: owner } : {}),
  };
}

/** An upstream match that awaits review: the proposed account goes to review, never to its owner directly. */
function awaitingReview(up: MatchedAccount, account: StoredRecord, notes: readonly string[]): AccountMatch {
  const owner = str(account.values.ownerId);
  const reason = [
    ...notes,
    `${upstreamHow(up)} proposed account ${up.id}, but the match awaits review, so it is not a confirmed account`,
  ].join('; ');
  return {
    status: 'uncertain',
    via: 'enrichment',
    queue: 'review',
    reason,
    accountId: up.id,
    ...(owner ? { ownerId: owner } : {}),
    ...(typeof up.confidence === 'number' ? { confidence: up.confidence } : {}),
  };
}

/**
 * Matches the lead to an account: first the account an upstream loop matched it to (qualify's
 * enrichment, by company name, domain or website), then the lead's domain (never a free email
 * provider's). One account on the domain is a match; an upstream match awaiting review makes the
 * lead uncertain; several accounts on the domain go to the account-match agent.
 */
export async function matchAccount(ctx: Ctx, subject: Record<string, unknown>): Promise<AccountMatch> {
  if (!ctx.config.accounts.match) return { status: 'none', reason: 'account matching is off' };
  const up = upstreamAccount(subject);
  const upAccount = up ? ((await ctx.records.get('account', up.id)) ?? undefined) : undefined;
  const notes: string[] = [];
  if (up && !upAccount) notes.push(`${upstreamHow(up)} named account ${up.id}, which is not in the records`);
  if (up?.status === 'matched' && upAccount) {
    const how = upstreamHow(up);
    const reason = `${how} matched the company to account ${up.id}${up.name ? ` (${up.name})` : ''}`;
    return matched(subject, up.id, upAccount, {
      via: 'enrichment',
      how,
      reason,
      ...(typeof up.confidence === 'number' ? { confidence: up.confidence } : {}),
    });
  }
  const domain = str(subject.domain);
  const free = domain !== undefined && isFreeMail(domain);
  let found: StoredRecord[] = [];
  if (!domain) notes.push('the lead has no company domain');
  else if (free) notes.push(`${domain} is a free email domain, which names no account`);
  else found = await accountCandidates(ctx.records, domain);
  const withNotes = (reason: string) => [...notes, reason].join('; ');
  const [only] = found;
  if (domain && found.length === 1 && only)
    return matched(subject, only.id, only, {
      via: 'domain',
      how: `domain ${domain}`,
      reason: withNotes(oneAccount(only, domain)),
    });
  if (up?.status === 'review' && upAccount) return awaitingReview(up, upAccount, notes);
  if (domain && found.length > 1) return askAgentAmong(ctx, subject, domain, found);
  if (domain && !free && found.length === 0) notes.push(`no account has domain ${domain}`);
  return { status: 'none', reason: notes.join('; ') };
}
