import {
  type Decided,
  eachPage,
  type JsonObject,
  type LoopContext,
  pageAfter,
  parseInstant,
  type StoredRecord,
} from '../../kernel/index.js';
import type { PursueConfig } from './config.js';
import type { DealRisk, EvaluatePage, PassTotals, PursueOutput, PursueTick } from './contract.js';
import { type Deal, dealAsOf, dealOf, newerThan, openAt, outcomeWords, withoutLoopState } from './deal.js';
import { evaluateDeal } from './evaluator.js';
import { MedianBuilder, type Medians } from './medians.js';
import { type DigestEntry, digestEntry, digestMessage } from './messages.js';
import { type CompiledPlays, playNameOf } from './plays.js';
import { evalEnv } from './signals.js';

type Ctx = LoopContext<PursueConfig>;

/**
 * Opportunities a decision of the daily pass evaluates: a pass over more deals goes on in the next
 * page, its own decision, so no decision holds more than a page of deals or of what it decided.
 */
const DEAL_PAGE = 1_000;

/** What one page of a pass needs besides its deals. */
interface Pass {
  scheduledFor: string;
  /** The instant the whole pass evaluates at, and its text. */
  now: number;
  asOf: string;
  history: boolean;
  medians: Medians;
  /** The last id the pages before evaluated (null on the first page). */
  after: string | null;
  page: number;
  totals: PassTotals;
}

const NO_TOTALS: PassTotals = {
  open: 0,
  changed: 0,
  closed: 0,
  byLevel: {},
  replayed: 0,
  withheldWrites: 0,
};

/** The ids of a page's milestone tasks that are still open. */
async function openMilestoneTasks(ctx: Ctx, deals: readonly Deal[]): Promise<Set<string>> {
  const open = new Set<string>();
  for (const d of deals)
    for (const m of d.milestones) {
      const task = await ctx.records.get('task', m.taskId);
      if (task?.values.status === 'open' && task.values.loop === 'pursue') open.add(m.taskId);
    }
  return open;
}

/** A deal whose record is newer than the run's instant, as it stood then (its activities up to then). */
async function asOf(ctx: Ctx, deal: Deal, now: number): Promise<Deal> {
  const activities = await ctx.records.find('activity', { subject: `opportunity:${deal.id}` });
  const times = activities
    .map((a) => parseInstant(String(a.values.occurredAt)))
    .filter((t) => !Number.isNaN(t));
  return dealAsOf(deal, now, times);
}

/** A nudged deal of an earlier page, as its record keeps it, for the digest. */
function recordedEntry(r: StoredRecord): { owner: string; entry: DigestEntry } {
  const v = r.values;
  const text = (x: unknown, fallback: string) => (typeof x === 'string' && x !== '' ? x : fallback);
  const reasons = Array.isArray(v.pursueNudgeReasons)
    ? v.pursueNudgeReasons.filter((x): x is string => typeof x === 'string')
    : [];
  return {
    owner: text(v.ownerId, 'role:rep'),
    entry: {
      opportunityId: r.id,
      stage: text(v.stage, 'unknown'),
      level: text(v.pursueRiskLevel, 'unknown'),
      reasons,
    },
  };
}

/**
 * In digest mode: one message per owner and channel listing their deals whose risk rose in this
 * pass: this page's from memory, the pages before's from the records they wrote.
 */
async function sendDigests(ctx: Ctx, pass: Pass, risks: readonly DealRisk[]): Promise<number> {
  const byOwner = new Map<string, DigestEntry[]>();
  const add = (owner: string, entry: DigestEntry) => {
    const list = byOwner.get(owner);
    if (list) list.push(entry);
    else byOwner.set(owner, [entry]);
  };
  if (pass.page > 1)
    for (const r of await ctx.records.find('opportunity', { pursueLastNudgeAt: pass.asOf })) {
      const { owner, entry } = recordedEntry(r);
      add(owner, entry);
    }
  for (const r of risks) if (r.nudge) add(r.ownerId ?? 'role:rep', digestEntry(r));
  let sent = 0;
  for (const [owner, list] of [...byOwner].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => (a.opportunityId < b.opportunityId ? -1 : a.opportunityId > b.opportunityId ? 1 : 0));
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
 * The daily evaluator: medians of won deals per play and stage from history first (a page of
 * records at a time), then the first page of opportunities. Open deals whose risk changed get their
 * fields written and a decision of their own (nudge, escalation, each signal's contribution); deals
 * closed since are recorded once. More deals than a page: the pass goes on page by page
 * (`pursue.evaluate-page`), each page a decision, at the first page's instant and medians.
 * A history pass (`tick.history`) reads deals without the loop's state, writes no field, sends no
 * digest, and marks each per-deal decision as history so it nudges no one.
 */
export async function evaluateTick(
  ctx: Ctx,
  plays: CompiledPlays,
  tick: PursueTick,
): Promise<Decided<PursueOutput>> {
  const now = ctx.clock.now().getTime();
  const words = outcomeWords(ctx.config);
  const history = new MedianBuilder();
  const opportunities = await eachPage(ctx.records, 'opportunity', {}, DEAL_PAGE, (page) => {
    for (const r of page) {
      const deal = dealOf(r.id, r.values, words);
      history.add(deal, deal.play ?? playNameOf(plays, r.values), now);
    }
  });
  const medians = history.build();
  ctx.trace.step('history', { opportunities, medians: medians.size, asOf: ctx.clock.iso() });
  return evaluatePage(ctx, plays, {
    scheduledFor: tick.scheduledFor,
    now,
    asOf: ctx.clock.iso(),
    history: tick.history === true,
    medians,
    after: null,
    page: 1,
    totals: NO_TOTALS,
  });
}

/** The next page of a pass over many deals. */
export function continuePass(
  ctx: Ctx,
  plays: CompiledPlays,
  page: EvaluatePage,
): Promise<Decided<PursueOutput>> {
  ctx.trace.step('page', { page: page.page, after: page.after, asOf: page.asOf });
  return evaluatePage(ctx, plays, {
    scheduledFor: page.scheduledFor,
    now: parseInstant(page.asOf),
    asOf: page.asOf,
    history: page.history === true,
    medians: new Map(page.medians.map((m) => [m.key, { days: m.days, deals: m.deals }])),
    after: page.after,
    page: page.page,
    totals: page.totals,
  });
}

/** Evaluates one page of a pass and hands the rest of the pass on. */
async function evaluatePage(ctx: Ctx, plays: CompiledPlays, pass: Pass): Promise<Decided<PursueOutput>> {
  const { now, history: historyPass } = pass;
  const words = outcomeWords(ctx.config);
  const { page, more } = await pageAfter(ctx.records, 'opportunity', DEAL_PAGE, pass.after);
  const deals = page.map((r: { id: string; values: JsonObject }) => {
    const deal = dealOf(r.id, r.values, words);
    return { deal, play: deal.play ?? playNameOf(plays, r.values) };
  });
  const env = evalEnv(
    ctx.config,
    now,
    pass.medians,
    await openMilestoneTasks(
      ctx,
      deals.map((d) => d.deal),
    ),
  );
  const t = { ...pass.totals, byLevel: { ...pass.totals.byLevel } };
  const risks: DealRisk[] = [];
  let replayed = 0;
  let withheld = 0;
  for (const { deal: record, play } of deals) {
    const stored = historyPass ? withoutLoopState(record) : record;
    const deal = newerThan(stored, now) && openAt(stored, now) ? await asOf(ctx, stored, now) : stored;
    if (deal !== stored) replayed++;
    const v = evaluateDeal(deal, play, env, pass.scheduledFor);
    if (v.assessment) {
      t.open++;
      t.byLevel[v.assessment.level] = (t.byLevel[v.assessment.level] ?? 0) + 1;
    }
    if (v.patch && historyPass) withheld++;
    else if (v.patch) ctx.write('opportunity', deal.id, v.patch);
    if (v.risk) {
      const risk = historyPass ? { ...v.risk, history: true } : v.risk;
      t.changed++;
      risks.push(risk);
      ctx.handoff('pursue.deal-risk', risk, `opportunity:${deal.id}`);
    }
    if (v.closed) {
      t.closed++;
      ctx.handoff('pursue.deal-closed', v.closed, `opportunity:${deal.id}`);
    }
  }
  t.replayed += replayed;
  t.withheldWrites += withheld;
  if (replayed > 0)
    ctx.trace.step('as-of', {
      deals: replayed,
      reason: 'records newer than the run: read as they stood then',
    });
  if (historyPass)
    ctx.trace.step('history-pass', {
      asOf: pass.asOf,
      nudgesWithheld: risks.filter((r) => r.nudge).length,
      writesWithheld: withheld,
      reason: 'a pass for a past instant records decisions only: no nudge, escalation, digest or field write',
    });
  const last = page.at(-1);
  const continued = more && last !== undefined;
  if (continued)
    ctx.handoff(
      'pursue.evaluate-page',
      {
        kind: 'pursue.evaluate-page',
        scheduledFor: pass.scheduledFor,
        asOf: pass.asOf,
        ...(historyPass ? { history: true } : {}),
        after: last.id,
        page: pass.page + 1,
        medians: [...pass.medians].map(([key, m]) => ({ key, days: m.days, deals: m.deals })),
        totals: t,
      },
      'loop:pursue',
    );
  const digests =
    ctx.config.nudges.mode === 'digest' && !historyPass && !continued
      ? await sendDigests(ctx, pass, risks)
      : 0;
  const levels = Object.entries(t.byLevel).sort(([a], [b]) => (a < b ? -1 : 1));
  const paged = continued || pass.page > 1;
  return ctx.decide(
    {
      kind: 'evaluation',
      scheduledFor: pass.scheduledFor,
      open: t.open,
      assessed: t.open,
      changed: t.changed,
      byLevel: Object.fromEntries(levels),
      closed: t.closed,
      digests,
      ...(historyPass ? { history: true as const } : {}),
      ...(paged ? { page: pass.page } : {}),
      ...(continued ? { continued: true as const } : {}),
    },
    {
      confidence: 1,
      subject: 'loop:pursue',
      reasons: [
        `${t.open} open deal(s)${paged ? ` to page ${pass.page}` : ''}: ${levels.map(([l, n]) => `${l} ${n}`).join(', ') || 'none'}`,
        `${t.changed} risk change(s) handed on, ${t.closed} close(s) recorded, ${digests} digest(s)`,
        ...(continued ? [`the pass goes on after ${last.id} in page ${pass.page + 1}`] : []),
        ...(historyPass
          ? [
              `history pass as of ${pass.asOf}: nudges, escalations and field writes withheld (${t.withheldWrites} deal update(s) not written)`,
            ]
          : []),
      ],
    },
  );
}
