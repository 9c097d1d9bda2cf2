import type { Decided, JsonObject, LoopContext, StoredRecord } from '../../kernel/index.js';
import type { EngageConfig } from './config.js';
import type { AccountSignal, EngageOutput, LeadToEngage } from './contract.js';
import { draftSequence } from './draft.js';
import { type Signal, str } from './facts.js';
import type { Prospect } from './research.js';

type Ctx = LoopContext<EngageConfig>;

async function accountById(ctx: Ctx, id: string | undefined): Promise<StoredRecord | null> {
  return id ? await ctx.records.get('account', id) : null;
}

/** The prospect a sequence is about, as stored now (lead or contact, its account and owner). */
export async function prospectOf(ctx: Ctx, key: string, ownerId: string): Promise<Prospect | null> {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if ((kind !== 'lead' && kind !== 'contact') || !id) return null;
  const rec = await ctx.records.get(kind, id);
  if (!rec) return null;
  return {
    kind,
    id,
    values: rec.values,
    account: await accountById(ctx, str(rec.values.accountId)),
    ownerId,
  };
}

/** A routed lead: the handoff's fields under the stored record's, then the draft. */
export async function engageLead(ctx: Ctx, input: LeadToEngage): Promise<Decided<EngageOutput>> {
  const rec = await ctx.records.get('lead', input.leadId);
  ctx.trace.step('lead-record', { found: rec !== null });
  const values = { ...(input as unknown as JsonObject), ...(rec?.values ?? {}) };
  const account = await accountById(ctx, input.accountId ?? str(values.accountId));
  const p: Prospect = { kind: 'lead', id: input.leadId, values, account, ownerId: input.ownerId };
  return draftSequence(ctx, p, { ...(input.segment ? { segment: input.segment } : {}), signal: null });
}

/** Where a contact's title ranks among the wanted titles (lower is better), or -1 for none. */
function titleRank(config: EngageConfig, title: string | undefined): number {
  const t = (title ?? '').toLowerCase();
  return config.outbound.titles.findIndex((w) => t.includes(w.toLowerCase()));
}

/**
 * An account signal: the account (by id or domain) and its owner, then the contact whose title
 * fits best, drafted like a routed lead with the signal as the first fact.
 */
export async function engageSignal(ctx: Ctx, s: AccountSignal): Promise<Decided<EngageOutput>> {
  const account =
    (await accountById(ctx, s.accountId)) ??
    (s.domain
      ? ((await ctx.records.find('account', { domain: s.domain.toLowerCase() }, { limit: 1 }))[0] ?? null)
      : null);
  const skip = (code: string, reason: string, subject: string): Decided<EngageOutput> =>
    ctx.decide(
      { kind: 'skipped', code, reason, prospect: null },
      { confidence: 1, subject, reasons: [reason] },
    );
  if (!account)
    return skip(
      'unknown-account',
      `no account ${s.accountId ?? s.domain}`,
      `account:${s.accountId ?? s.domain}`,
    );
  const subject = `account:${account.id}`;
  const ownerId = str(account.values.ownerId);
  ctx.trace.step('account', {
    id: account.id,
    name: str(account.values.name) ?? null,
    ownerId: ownerId ?? null,
  });
  if (!ownerId) return skip('no-owner', `account ${account.id} has no owner to engage for`, subject);
  const contacts = await ctx.records.find('contact', { accountId: account.id }, { limit: 200 });
  const ranked = contacts
    .map((c) => ({ c, rank: titleRank(ctx.config, str(c.values.title)) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.c.id.localeCompare(b.c.id));
  ctx.trace.step('contacts', {
    found: contacts.length,
    fitting: ranked.map((x) => ({ id: x.c.id, title: str(x.c.values.title) ?? null, rank: x.rank })),
  });
  const best = ranked[0]?.c;
  if (!best) return skip('no-contact', `no contact at ${account.id} has a title in outbound.titles`, subject);
  const signal: Signal = {
    kind: s.kind,
    title: s.title,
    date: s.date?.slice(0, 10) ?? null,
    detail: s.detail ?? null,
    round: s.round ?? null,
    amount: s.amount ?? null,
    url: s.url ?? null,
    source: `event:account.signal${s.source ? ` (${s.source})` : ''}`,
  };
  const p: Prospect = { kind: 'contact', id: best.id, values: best.values, account, ownerId };
  return draftSequence(ctx, p, { signal });
}
