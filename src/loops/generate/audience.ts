import {
  type CompiledCondition,
  type Condition,
  compileCondition,
  type LoopContext,
  type StoredRecord,
} from '../../kernel/index.js';
import { ACCOUNT_VARIABLES, CONTACT_VARIABLES, type GenerateConfig } from './config.js';
import type { SkipReason } from './contract.js';
import { instantOf } from './instant.js';

type Ctx = LoopContext<GenerateConfig>;

const DAY = 86_400_000;
/** Engage's sequence statuses that count as live: in review, approved, sending, paused. */
const LIVE_SEQUENCE = new Set(['review', 'approved', 'active', 'paused']);

const compiled = new Map<string, CompiledCondition>();

/** A condition compiled once per config version and place (closures, no eval). */
export function compiledAt(
  ctx: Ctx,
  place: string,
  condition: Condition,
  kind: 'account' | 'contact',
): CompiledCondition {
  const key = `${ctx.configVersion}\u0000${place}`;
  let test = compiled.get(key);
  if (!test) {
    test = compileCondition(condition, {
      celVariables: kind === 'account' ? ACCOUNT_VARIABLES : CONTACT_VARIABLES,
    });
    if (compiled.size > 256) compiled.clear();
    compiled.set(key, test);
  }
  return test;
}

/** A contact with its account, as a campaign or play sees it. */
export interface Candidate {
  contact: StoredRecord;
  account: StoredRecord | null;
}

/** A candidate skipped, with why. */
export interface Skip {
  contactId: string;
  reason: SkipReason;
  detail: string;
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 1 || v === 'yes';

/** The newest touch of a contact within `days` of now, or null. */
async function recentTouch(ctx: Ctx, contactId: string, days: number): Promise<StoredRecord | null> {
  if (days <= 0) return null;
  const since = ctx.clock.now().getTime() - days * DAY;
  const touches = await ctx.records.find('touch', { contactId });
  let newest: StoredRecord | null = null;
  let newestAt = Number.NEGATIVE_INFINITY;
  for (const t of touches) {
    const at = instantOf(t.values.occurredAt);
    if (Number.isNaN(at) || at < since) continue;
    if (at > newestAt) {
      newest = t;
      newestAt = at;
    }
  }
  return newest;
}

/**
 * Why a contact may not be reached by `campaignId`, or null when it may: no email (for email
 * sends), do-not-contact, already a member, in a live engage sequence, touched recently. Every
 * check is traced as a rule, so the decision explains each skip.
 */
export async function suppression(
  ctx: Ctx,
  contact: StoredRecord,
  campaignId: string,
  needsEmail: boolean,
): Promise<Skip | null> {
  const id = contact.id;
  const s = ctx.config.suppression;
  const skip = (reason: SkipReason, detail: string): Skip => {
    ctx.trace.rule(`suppress ${id}: ${reason}`, true, detail);
    return { contactId: id, reason, detail };
  };
  if (needsEmail && typeof contact.values.email !== 'string')
    return skip('no-email', `contact ${id} has no email address`);
  const dnc = s.doNotContactFields.find((f) => truthy(contact.values[f]));
  if (dnc) return skip('do-not-contact', `contact ${id} is marked do not contact (${dnc} = true)`);
  const member = await ctx.records.find('campaign_member', { campaignId, contactId: id }, { limit: 1 });
  if (member[0])
    return skip(
      'already-member',
      `contact ${id} is already a member of ${campaignId} (${String(member[0].values.status ?? 'member')})`,
    );
  if (s.activeSequence) {
    const sequences = await ctx.records.find('activity', { type: 'sequence', prospect: `contact:${id}` });
    const live = sequences.find((q) => LIVE_SEQUENCE.has(String(q.values.status)));
    if (live)
      return skip(
        'active-sequence',
        `contact ${id} is in engage sequence ${live.id} (${String(live.values.status)})`,
      );
  }
  const touch = await recentTouch(ctx, id, s.recentTouchDays);
  if (touch)
    return skip(
      'recent-touch',
      `contact ${id} was touched ${String(touch.values.occurredAt).slice(0, 10)} (${String(touch.values.channel)}${typeof touch.values.campaignId === 'string' ? `, ${touch.values.campaignId}` : ''}), within ${s.recentTouchDays} days`,
    );
  return null;
}

/** Adds up skips by reason, in a stable order. */
export function countSkips(skips: readonly Skip[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of [...skips].sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)))
    out[s.reason] = (out[s.reason] ?? 0) + 1;
  return out;
}
