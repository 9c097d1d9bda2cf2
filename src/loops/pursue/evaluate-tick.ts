import { type Decided, type LoopContext, parseInstant } from '../../kernel/index.js';
import type { PursueConfig } from './config.js';
import type { DealRisk, PursueOutput, PursueTick } from './contract.js';
import { type Deal, dealAsOf, dealOf, newerThan, openAt, outcomeWords, withoutLoopState } from './deal.js';
import { evaluateDeal } from './evaluator.js';
import { MedianBuilder } from './medians.js';
import { digestMessage } from './messages.js';
import { type CompiledPlays, playNameOf } from './plays.js';
import { evalEnv } from './signals.js';

type Ctx = LoopContext<PursueConfig>;

/** Ids of the loop's milestone tasks that are still open. */
async function openMilestoneTasks(ctx: Ctx): Promise<Set<string>> {
  const open = await ctx.records.find('task', { status: 'open', loop: 'pursue' });
  return new Set(open.map((t) => t.id));
}

/** A deal whose record is newer than the run's instant, as it stood then (its activities up to then). */
async function asOf(ctx: Ctx, deal: Deal, now: number): Promise<Deal> {
  const activities = await ctx.records.find('activity', { subject: `opportunity:${deal.id}` });
  const times = activities
    .map((a) => parseInstant(String(a.values.occurredAt)))
    .filter((t) => !Number.isNaN(t));
  return dealAsOf(deal, now, times);
}

/** In digest mode: one message per owner and channel listing their deals whose risk rose. */
function sendDigests(ctx: Ctx, risks: readonly DealRisk[]): number {
  const byOwner = new Map<string, DealRisk[]>();
  for (const r of risks) {
    if (!r.nudge) continue;
    const owner = r.ownerId ?? 'role:rep';
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), r]);
  }
  let sent = 0;
  for (const [owner, list] of [...byOwner].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const channel of ctx.config.nudges.channels) {
      ctx.notify(channel, owner, digestMessage(list), {
        opportunities: list.map((r) => r.opportunityId),
        dedupKey: `pursue:digest:${owner}:${list.map((r) => `${r.opportunityId}=${r.level}`).join(',')}`,
      });
      sent++;
    }
  }
  return sent;
}

/**
 * The daily evaluator: medians of won deals per play and stage from history first, then every
 * opportunity once. Open deals whose risk changed get their fields written and a decision of their
 * own (nudge, escalation, each signal's contribution); deals closed since are recorded once.
 * A history pass (`tick.history`) reads deals without the loop's state, writes no field, sends no
 * digest, and marks each per-deal decision as history so it nudges no one.
 */
export async function evaluateTick(
  ctx: Ctx,
  plays: CompiledPlays,
  tick: PursueTick,
): Promise<Decided<PursueOutput>> {
  const historyPass = tick.history === true;
  const now = ctx.clock.now().getTime();
  const words = outcomeWords(ctx.config);
  const all = await ctx.records.find('opportunity', {});
  const deals: { deal: Deal; play: string | null }[] = all.map((r) => {
    const deal = dealOf(r.id, r.values, words);
    return { deal, play: deal.play ?? playNameOf(plays, r.values) };
  });
  const history = new MedianBuilder();
  for (const { deal, play } of deals) history.add(deal, play, now);
  const medians = history.build();
  const env = evalEnv(ctx.config, now, medians, await openMilestoneTasks(ctx));
  ctx.trace.step('history', { opportunities: all.length, medians: medians.size, asOf: ctx.clock.iso() });
  const byLevel: Record<string, number> = {};
  const risks: DealRisk[] = [];
  let open = 0;
  let changed = 0;
  let closed = 0;
  let replayed = 0;
  let withheldWrites = 0;
  for (const { deal: record, play } of deals) {
    const stored = historyPass ? withoutLoopState(record) : record;
    const deal = newerThan(stored, now) && openAt(stored, now) ? await asOf(ctx, stored, now) : stored;
    if (deal !== stored) replayed++;
    const v = evaluateDeal(deal, play, env, tick.scheduledFor);
    if (v.assessment) {
      open++;
      byLevel[v.assessment.level] = (byLevel[v.assessment.level] ?? 0) + 1;
    }
    if (v.patch && historyPass) withheldWrites++;
    else if (v.patch) ctx.write('opportunity', deal.id, v.patch);
    if (v.risk) {
      const risk = historyPass ? { ...v.risk, history: true } : v.risk;
      changed++;
      risks.push(risk);
      ctx.handoff('pursue.deal-risk', risk, `opportunity:${deal.id}`);
    }
    if (v.closed) {
      closed++;
      ctx.handoff('pursue.deal-closed', v.closed, `opportunity:${deal.id}`);
    }
  }
  if (replayed > 0)
    ctx.trace.step('as-of', {
      deals: replayed,
      reason: 'records newer than the run: read as they stood then',
    });
  if (historyPass)
    ctx.trace.step('history-pass', {
      asOf: ctx.clock.iso(),
      nudgesWithheld: risks.filter((r) => r.nudge).length,
      writesWithheld: withheldWrites,
      reason: 'a pass for a past instant records decisions only: no nudge, escalation, digest or field write',
    });
  const digests = ctx.config.nudges.mode === 'digest' && !historyPass ? sendDigests(ctx, risks) : 0;
  const levels = Object.entries(byLevel).sort(([a], [b]) => (a < b ? -1 : 1));
  return ctx.decide(
    {
      kind: 'evaluation',
      scheduledFor: tick.scheduledFor,
      open,
      assessed: open,
      changed,
      byLevel: Object.fromEntries(levels),
      closed,
      digests,
      ...(historyPass ? { history: true as const } : {}),
    },
    {
      confidence: 1,
      subject: 'loop:pursue',
      reasons: [
        `${open} open deal(s): ${levels.map(([l, n]) => `${l} ${n}`).join(', ') || 'none'}`,
        `${changed} risk change(s) handed on, ${closed} close(s) recorded, ${digests} digest(s)`,
        ...(historyPass
          ? [
              `history pass as of ${ctx.clock.iso()}: nudges, escalations and field writes withheld (${withheldWrites} deal update(s) not written)`,
            ]
          : []),
      ],
    },
  );
}
