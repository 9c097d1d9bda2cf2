import type { Decided, LoopContext } from '../../kernel/index.js';
import type { CoachConfig } from './config.js';
import type { CoachOutput, ManagerDigest, RepReview } from './contract.js';
import { alertText, digestMessage, evidenceText } from './messages.js';
import { subjectOf } from './people.js';

type Ctx = LoopContext<CoachConfig>;
const DAY = 86_400_000;

/**
 * One rep's review as its own decision: each pattern's evidence and each move in the trace, a
 * coaching task for the manager per newly found pattern, an alert per new move, and the patterns
 * and moves remembered on the rep so an unchanged one is not raised again next week. A history
 * review (a run as of a past instant) records what would have been raised, and raises nothing.
 */
export function reviewRep(ctx: Ctx, r: RepReview): Decided<CoachOutput> {
  const c = ctx.config;
  const live = r.history !== true;
  const coach = r.managerId ?? c.digest.fallbackTo;
  ctx.trace.step('metrics', { rep: r.repId, window: r.window, metrics: r.metrics, samples: r.samples });
  for (const p of r.patterns) {
    ctx.trace.rule(p.name, true, p.reason, { evidence: p.evidence, isNew: p.isNew });
    for (const e of p.evidence)
      ctx.trace.factor(
        e.metric,
        e.rep,
        0,
        `team ${e.team ?? 'n/a'}, own trailing ${e.trailing ?? 'n/a'}, ${e.samples} sample(s)`,
        p.name,
      );
  }
  for (const m of r.unmatched ?? []) ctx.trace.rule(m.name, false, m.reason);
  const tasks: string[] = [];
  for (const p of r.patterns.filter((x) => x.isNew && live))
    tasks.push(
      ctx.task({
        title: `Coach ${r.repName}: ${p.task}`,
        assignee: coach,
        dueAt: new Date(ctx.clock.now().getTime() + c.tasks.dueDays * DAY).toISOString(),
        subject: `user:${r.repId}`,
        details: { pattern: p.name, description: p.description, evidence: p.evidence, text: evidenceText(p) },
      }),
    );
  for (const a of r.alerts) {
    ctx.trace.step('alert', { ...a });
    if (a.isNew && live)
      ctx.notify(c.alerts.channel, coach, alertText(r.repName, a), {
        rep: r.repId,
        metric: a.metric,
        basis: a.basis,
        dedupKey: `coach:alert:${r.repId}:${a.key}:${r.scheduledFor}`,
      });
  }
  const patterns = r.patterns.map((p) => p.name);
  const alerts = r.alerts.map((a) => a.key);
  const newPatterns = r.patterns.filter((p) => p.isNew).map((p) => p.name);
  const newAlerts = r.alerts.filter((a) => a.isNew).map((a) => a.key);
  if (live)
    ctx.write(
      'user',
      r.repId,
      { coachPatterns: patterns, coachAlerts: alerts, coachReviewedAt: r.scheduledFor },
      'patch',
    );
  else
    ctx.trace.step('history-pass', {
      asOf: r.scheduledFor,
      tasksWithheld: newPatterns,
      alertsWithheld: newAlerts,
      reason:
        'a review as of a past instant: nobody is tasked or alerted, and the rep keeps their coaching state',
    });
  return ctx.decide(
    {
      kind: 'rep',
      repId: r.repId,
      managerId: r.managerId,
      patterns,
      newPatterns,
      alerts,
      newAlerts,
      tasks,
      metrics: r.metrics,
      ...(live ? {} : { history: true as const }),
    },
    {
      confidence: 1,
      subject: `user:${r.repId}`,
      reasons: live
        ? [
            `patterns: ${patterns.join(', ') || 'none'} (${newPatterns.length} new, ${tasks.length} coaching task(s))`,
            `metric moves: ${alerts.join(', ') || 'none'} (${newAlerts.length} alerted)`,
          ]
        : [
            `patterns: ${patterns.join(', ') || 'none'} (${newPatterns.length} new; history pass as of ${r.scheduledFor}: no coaching task)`,
            `metric moves: ${alerts.join(', ') || 'none'} (${newAlerts.length} new; not alerted)`,
          ],
    },
  );
}

/** A manager's weekly digest, sent through the outbox as its own decision (not sent in a history pass). */
export function sendDigest(ctx: Ctx, d: ManagerDigest): Decided<CoachOutput> {
  const message = digestMessage(d);
  const live = d.history !== true;
  const notification = live
    ? ctx.notify(ctx.config.digest.channel, d.managerId, message, {
        reps: d.reps.map((r) => r.repId),
        dedupKey: `coach:digest:${d.managerId}:${d.scheduledFor}`,
      })
    : null;
  const patterns = d.reps.reduce((s, r) => s + r.patterns.length, 0);
  const alerts = d.reps.reduce((s, r) => s + r.alerts.length, 0);
  ctx.trace.step('digest', {
    manager: d.managerId,
    reps: d.reps.map((r) => r.repId),
    skillGaps: d.skillGaps,
    ...(live ? {} : { withheld: message }),
  });
  return ctx.decide(
    {
      kind: 'digest',
      managerId: d.managerId,
      reps: d.reps.length,
      patterns,
      alerts,
      skillGaps: d.skillGaps.length,
      notification,
      ...(live ? {} : { history: true as const }),
    },
    {
      confidence: 1,
      subject: subjectOf(d.managerId),
      reasons: [
        `digest of ${d.reps.length} rep(s): ${patterns} pattern(s), ${alerts} move(s), ${d.skillGaps.length} skill gap(s)`,
        ...(live ? [] : [`history pass as of ${d.scheduledFor}: digest not sent`]),
      ],
    },
  );
}
