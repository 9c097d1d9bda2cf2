import type { Decided, JsonObject, LoopContext, StoredRecord } from '../../kernel/index.js';
import type { CoachConfig } from './config.js';
import type { CoachOutput, CoachTick, ManagerDigest, RepReview } from './contract.js';
import { dealFacts, leadFacts, sequenceFacts } from './facts.js';
import { type CompiledCoach, checkPatterns, movements, shapeOf, skillGaps } from './logic.js';
import { alertText, metricSummary, skillGapText } from './messages.js';
import { managerOf, nameOf, previousState, repsOf, subjectOf, type Team, territoryOf } from './people.js';
import {
  type MetricOptions,
  type MetricSet,
  metricsFor,
  type Observations,
  observationsOf,
  type Window,
} from './rep-metrics.js';

type Ctx = LoopContext<CoachConfig>;
const DAY = 86_400_000;
const byId = (rs: readonly StoredRecord[]) => new Map(rs.map((r) => [r.id, r]));

/** Reads what the other loops wrote: opportunities, routed leads and reviewed sequences. */
async function observe(ctx: Ctx, compiled: CompiledCoach): Promise<Observations> {
  const opportunities = await ctx.records.find('opportunity', {});
  const leads = await ctx.records.find('lead', {});
  const sequences = await ctx.records.find('activity', { type: 'sequence' });
  return {
    deals: opportunities.map((o) =>
      dealFacts(o.id, o.values, ctx.config.outcomes, shapeOf(compiled, o.values)),
    ),
    leads: leads.flatMap((l) => leadFacts(l.values) ?? []),
    sequences: sequences.flatMap((s) => sequenceFacts(s.values) ?? []),
  };
}

/** The reps grouped by a key (team, territory), each group's ids sorted. */
function groupBy(
  reps: readonly StoredRecord[],
  key: (r: StoredRecord) => string | null,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of reps) {
    const k = key(r);
    if (k) out.set(k, [...(out.get(k) ?? []), r.id]);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A handoff payload: the history mark only when set (a JSON object has no undefined). */
function payload<T extends { history?: boolean | undefined }>({ history, ...rest }: T): JsonObject {
  return (history ? { ...rest, history } : rest) as JsonObject;
}

/**
 * What the rep's last review left, for marking patterns and moves new. A history pass (a run as of
 * a past instant) uses it only when that review came before the instant: a later review's findings
 * were not known then, so everything counts as new.
 */
function stateBefore(rep: StoredRecord, tick: CoachTick): ReturnType<typeof previousState> {
  if (tick.history !== true) return previousState(rep);
  const reviewedAt =
    typeof rep.values.coachReviewedAt === 'string' ? Date.parse(rep.values.coachReviewedAt) : NaN;
  return reviewedAt < Date.parse(tick.scheduledFor)
    ? previousState(rep)
    : { patterns: new Set<string>(), alerts: new Set<string>() };
}

/**
 * The weekly review: every rep's metrics over the current and trailing windows and against their
 * team, the patterns and moves found (new ones marked against the rep's last review), territory
 * skill gaps, then one handoff per rep and per manager, each its own decision. A history pass
 * (`tick.history`, a run as of a past instant) decides the same way but hands on no skill gap, and
 * marks each rep review and digest as history so nobody is tasked, alerted or sent a digest and no
 * rep's coaching state is overwritten with an older one.
 */
export async function reviewTick(
  ctx: Ctx,
  compiled: CompiledCoach,
  tick: CoachTick,
): Promise<Decided<CoachOutput>> {
  const c = ctx.config;
  const historyPass = tick.history === true;
  const now = ctx.clock.now().getTime();
  const current: Window = { from: now - c.windows.currentDays * DAY, to: now };
  const trailingW: Window = { from: current.from - c.windows.trailingDays * DAY, to: current.from };
  const team: Team = {
    users: byId(await ctx.records.find('user', {})),
    teams: byId(await ctx.records.find('team', {})),
  };
  const reps = repsOf(team, c.repRoles);
  const obs = await observe(ctx, compiled);
  const options: MetricOptions = {
    stages: c.stages,
    shapes: c.shapes.map((s) => s.name),
    minSamples: c.windows.minSamples,
  };
  const mine = (id: string) => observationsOf(obs, new Set([id]));
  const repNow = new Map(reps.map((r) => [r.id, metricsFor(mine(r.id), current, options)]));
  const teams = groupBy(reps, (r) => (typeof r.values.teamId === 'string' ? r.values.teamId : '(no team)'));
  const teamNow = new Map<string, MetricSet>();
  for (const [t, ids] of teams)
    teamNow.set(t, metricsFor(observationsOf(obs, new Set(ids)), current, options));
  ctx.trace.step('observed', {
    reps: reps.length,
    opportunities: obs.deals.length,
    routedLeads: obs.leads.length,
    reviewedSequences: obs.sequences.length,
    window: `${new Date(current.from).toISOString()} to ${ctx.clock.iso()}`,
    trailingFrom: new Date(trailingW.from).toISOString(),
  });
  const reviews: RepReview[] = [];
  for (const rep of reps) {
    const teamKey = typeof rep.values.teamId === 'string' ? rep.values.teamId : '(no team)';
    const sets = {
      rep: repNow.get(rep.id) as MetricSet,
      team: teamNow.get(teamKey) as MetricSet,
      trailing: metricsFor(mine(rep.id), trailingW, options),
    };
    const before = stateBefore(rep, tick);
    const peers = (teams.get(teamKey) ?? [])
      .filter((id) => id !== rep.id)
      .map((id) => repNow.get(id) as MetricSet);
    const checked = checkPatterns(compiled, sets, before.patterns);
    reviews.push({
      kind: 'coach.rep-review',
      repId: rep.id,
      repName: nameOf(rep),
      managerId: managerOf(team, rep, c.managerRoles),
      territory: territoryOf(rep, c.territoryFields),
      scheduledFor: tick.scheduledFor,
      window: {
        from: new Date(current.from).toISOString(),
        to: ctx.clock.iso(),
        trailingFrom: new Date(trailingW.from).toISOString(),
      },
      metrics: sets.rep.values,
      team: sets.team.values,
      trailing: sets.trailing.values,
      samples: sets.rep.samples,
      patterns: checked.found,
      unmatched: checked.missed,
      alerts: movements(c.alerts, sets.rep, sets.trailing, peers, before.alerts),
      ...(historyPass ? { history: true } : {}),
    });
  }
  const territories = groupBy(reps, (r) => territoryOf(r, c.territoryFields));
  const gaps = skillGaps(c, compiled, territories, obs.deals, repNow);
  for (const g of gaps) {
    ctx.trace.step('skill-gap', { ...g, reps: g.reps, shapes: g.shapes });
    if (!historyPass)
      ctx.handoff(
        'coach.skill-gap',
        { kind: 'coach.skill-gap', ...g, scheduledFor: tick.scheduledFor },
        `territory:${g.territory}`,
      );
  }
  if (historyPass)
    ctx.trace.step('history-pass', {
      asOf: ctx.clock.iso(),
      skillGapsWithheld: gaps.length,
      reason:
        'a pass for a past instant records decisions only: no coaching task, alert, digest, skill-gap handoff or write to the reps',
    });
  for (const r of reviews) ctx.handoff('coach.rep-review', payload(r), `user:${r.repId}`);
  const digests = digestsOf(
    c,
    reviews,
    gaps.map((g) => ({ territory: g.territory, text: skillGapText(g) })),
    tick,
  );
  for (const d of digests) ctx.handoff('coach.manager-digest', payload(d), subjectOf(d.managerId));
  const patterns = reviews.reduce((s, r) => s + r.patterns.length, 0);
  const alerts = reviews.reduce((s, r) => s + r.alerts.length, 0);
  return ctx.decide(
    {
      kind: 'review',
      scheduledFor: tick.scheduledFor,
      reps: reviews.length,
      managers: digests.length,
      patterns,
      alerts,
      skillGaps: gaps,
      ...(historyPass ? { history: true as const } : {}),
    },
    {
      confidence: 1,
      subject: 'loop:coach',
      reasons: [
        `${reviews.length} rep(s) reviewed: ${patterns} pattern(s), ${alerts} metric move(s)`,
        `${digests.length} manager digest(s), ${gaps.length} territory skill gap(s)`,
        ...(historyPass
          ? [
              `history pass as of ${ctx.clock.iso()}: coaching tasks, alerts, digests, skill-gap handoffs and rep writes withheld`,
            ]
          : []),
      ],
    },
  );
}

/** One digest per manager (reps with no manager go to the fallback), listing each rep's findings. */
function digestsOf(
  c: CoachConfig,
  reviews: readonly RepReview[],
  gaps: readonly { territory: string; text: string }[],
  tick: CoachTick,
): ManagerDigest[] {
  const byManager = new Map<string, RepReview[]>();
  for (const r of reviews) {
    const m = r.managerId ?? c.digest.fallbackTo;
    byManager.set(m, [...(byManager.get(m) ?? []), r]);
  }
  return [...byManager]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([managerId, list]) => {
      const covered = new Set(list.map((r) => r.territory));
      return {
        kind: 'coach.manager-digest',
        managerId,
        scheduledFor: tick.scheduledFor,
        reps: list.map((r) => ({
          repId: r.repId,
          repName: r.repName,
          patterns: r.patterns.map((p) => ({ name: p.name, isNew: p.isNew })),
          alerts: r.alerts.map((a) => ({
            key: a.key,
            metric: a.metric,
            isNew: a.isNew,
            text: alertText(r.repName, a),
          })),
          highlights: metricSummary(c.alerts.metrics, r),
        })),
        skillGaps: gaps.filter((g) => covered.has(g.territory)).map((g) => g.text),
        ...(tick.history === true ? { history: true } : {}),
      };
    });
}
