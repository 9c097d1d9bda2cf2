import { emailDomainOf } from '../../agents/heuristics/index.js';
import {
  type CompiledCondition,
  compileCondition,
  type LoopContext,
  type StoredRecord,
} from '../../kernel/index.js';
import { type EngageConfig, SUPPRESSION_VARIABLES } from './config.js';
import { str } from './facts.js';
import type { Prospect } from './research.js';

type Ctx = LoopContext<EngageConfig>;

/** Sequence statuses that count as enrolled: drafted and waiting for review, approved, sending, paused. */
export const LIVE_STATUSES = ['review', 'approved', 'active', 'paused'] as const;

/** Why a prospect may not be enrolled, or null when it may. */
type Block = { code: string; reason: string } | null;

const compiled = new Map<string, { name: string; test: CompiledCondition }[]>();

function suppressionRules(ctx: Ctx): { name: string; test: CompiledCondition }[] {
  let rules = compiled.get(ctx.configVersion);
  if (!rules) {
    rules = ctx.config.safety.suppress.map((s) => ({
      name: s.name,
      test: compileCondition(s.when, { celVariables: SUPPRESSION_VARIABLES }),
    }));
    if (compiled.size > 16) compiled.clear();
    compiled.set(ctx.configVersion, rules);
  }
  return rules;
}

/** The prospect key sequences are filed under: lead:<id> or contact:<id>. */
export const prospectKey = (p: Pick<Prospect, 'kind' | 'id'>) => `${p.kind}:${p.id}`;

/** The sequences of a prospect, newest first. */
async function sequencesOf(ctx: Ctx, prospect: string): Promise<StoredRecord[]> {
  const found = await ctx.records.find('activity', { type: 'sequence', prospect }, { limit: 100 });
  return found.sort((a, b) => String(b.values.occurredAt).localeCompare(String(a.values.occurredAt)));
}

/** The first suppression rule the prospect matches, traced rule by rule. */
function suppressed(ctx: Ctx, p: Prospect): Block {
  const subject = {
    prospect: p.values,
    account: p.account?.values ?? {},
    emailDomain: emailDomainOf(str(p.values.email) ?? '') ?? '',
  };
  for (const rule of suppressionRules(ctx)) {
    const r = rule.test(subject);
    ctx.trace.rule(`suppress: ${rule.name}`, r.matched, r.reason);
    if (r.matched) return { code: 'suppressed', reason: `suppressed (${rule.name}): ${r.reason}` };
  }
  return null;
}

/**
 * Enrolment safety: suppression rules, one live sequence at a time, and a minimum gap since the
 * last one ended. `except` is a sequence being deployed (it may be live already: it is in review).
 */
export async function enrolmentBlock(ctx: Ctx, p: Prospect, except?: string): Promise<Block> {
  const s = suppressed(ctx, p);
  if (s) return s;
  const key = prospectKey(p);
  const mine = (await sequencesOf(ctx, key)).filter((q) => q.id !== except);
  const live = mine.find((q) => (LIVE_STATUSES as readonly string[]).includes(String(q.values.status)));
  if (live) {
    const block = {
      code: 'active-sequence',
      reason: `${key} is already in sequence ${live.id} (${String(live.values.status)})`,
    };
    ctx.trace.rule('one live sequence', true, block.reason);
    return block;
  }
  ctx.trace.rule('one live sequence', false, `${key} has no live sequence`);
  const gap = ctx.config.safety.minDaysSinceLastSequence;
  const ended = mine.map((q) => str(q.values.endedAt)).find((e) => e !== undefined);
  if (ended && ctx.clock.now().getTime() - Date.parse(ended) < gap * 86_400_000) {
    const block = {
      code: 'recent-sequence',
      reason: `${key}'s last sequence ended ${ended.slice(0, 10)}, under ${gap} days ago`,
    };
    ctx.trace.rule('gap since last sequence', true, block.reason);
    return block;
  }
  return null;
}
