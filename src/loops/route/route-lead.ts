import type { Decided, JsonObject, LoopContext } from '../../kernel/index.js';
import { matchAccount } from './account-match.js';
import { runAction } from './actions.js';
import { commitPlacement } from './commit.js';
import type { RouteConfig } from './config.js';
import type { LeadToRoute, RouteOutput } from './contract.js';
import { type CompiledRoutes, firstMatch, routingSubject, segmentOf } from './logic.js';

type Ctx = LoopContext<RouteConfig>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The lead's owner when it already has one and config keeps it: route set it before, or a person did. */
function existingOwner(ctx: Ctx, stored: JsonObject | null): string | undefined {
  if (!ctx.config.keepExistingOwner || !stored) return undefined;
  const owner = str(stored.ownerId);
  if (!owner) return undefined;
  return str(stored.routedBy)
    ? `already routed to ${owner} by rule ${stored.routedBy} at ${str(stored.assignedAt) ?? 'an earlier time'}`
    : `already owned by ${owner} (set outside routing)`;
}

/**
 * Routes one lead: keeps an existing owner, derives the segment, matches the account, then walks
 * the rules; the first that matches fires, and an action that declines (no account, owner away)
 * moves on to the next rule. No rule: the otherwise action.
 */
export async function routeLead(
  ctx: Ctx,
  compiled: CompiledRoutes,
  lead: LeadToRoute,
): Promise<Decided<RouteOutput>> {
  const stored = (await ctx.records.get('lead', lead.leadId))?.values ?? null;
  ctx.trace.step('lead-record', { found: stored !== null });
  const key = `lead:${lead.leadId}`;
  const kept = existingOwner(ctx, stored);
  if (kept) {
    ctx.trace.step('existing-owner', { reason: kept });
    const output: RouteOutput = {
      kind: 'routed',
      leadId: lead.leadId,
      outcome: 'kept',
      rule: null,
      via: 'existing-owner',
      assignee: str(stored?.ownerId) ?? null,
      pool: null,
      queue: null,
      slaDueAt: null,
    };
    return ctx.decide(output, { confidence: 1, subject: key, reasons: [kept] });
  }
  const subject = routingSubject(lead, stored ?? undefined);
  const segment = segmentOf(compiled, subject);
  if (segment.segment !== undefined) subject.segment = segment.segment;
  ctx.trace.step('segment', { segment: segment.segment ?? null, reason: segment.reason });
  const account = await matchAccount(ctx, subject);
  subject.accountMatch = account.status;
  ctx.trace.step('account-match', {
    status: account.status,
    via: account.via ?? null,
    accountId: account.accountId ?? null,
    confidence: account.confidence ?? null,
    reason: account.reason,
  });
  const reasons: string[] = [];
  let from = 0;
  for (;;) {
    const { match, checks } = firstMatch(compiled, subject, from);
    for (const c of checks) ctx.trace.rule(`${c.position}. ${c.rule}`, c.matched, c.reason);
    const action = match ? match.rule.action : ctx.config.otherwise;
    if (!match) reasons.push('no rule matched: the otherwise action applies');
    else reasons.push(`rule ${match.index + 1} (${match.rule.name}) matched`);
    const result = await runAction(ctx, action, subject, account);
    if ('declined' in result) {
      ctx.trace.step('declined', { rule: match?.rule.name ?? 'otherwise', reason: result.declined });
      reasons.push(`${match?.rule.name ?? 'otherwise'} passed: ${result.declined}`);
      if (!match) {
        const placed = { type: 'queue', queue: 'triage', via: 'otherwise', reason: result.declined } as const;
        const out = await commitPlacement(
          ctx,
          { leadId: lead.leadId, fields: subject, stored, rule: null },
          placed,
        );
        return ctx.decide(out, { confidence: 1, subject: key, reasons });
      }
      from = match.index + 1;
      continue;
    }
    const placed = result.placed;
    reasons.push(placed.reason);
    const accountId = account.status === 'matched' ? account.accountId : undefined;
    const out = await commitPlacement(
      ctx,
      { leadId: lead.leadId, fields: subject, stored, rule: match?.rule ?? null, accountId },
      placed,
    );
    const confidence =
      placed.confidence ?? (placed.via === 'account-owner' ? account.confidence : undefined) ?? 1;
    return ctx.decide(out, { confidence, subject: key, reasons });
  }
}
