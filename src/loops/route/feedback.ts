import type { FeedbackSpec, Finding, MetricSummary } from '../../kernel/index.js';
import type { RouteConfig } from './config.js';
import { ASSIGNMENT_SEPARATOR } from './metrics.js';
import { weightOf } from './pools.js';

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** Counts per label of a metric over the window. */
function counts(metrics: readonly MetricSummary[], name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of metrics) if (m.metric === name) out.set(m.label, (out.get(m.label) ?? 0) + m.count);
  return out;
}

/** Assignments per pool and member from the `assignment` mix. */
function assignmentsByPool(metrics: readonly MetricSummary[]): Map<string, Map<string, number>> {
  const pools = new Map<string, Map<string, number>>();
  for (const [label, n] of counts(metrics, 'assignment')) {
    const at = label.indexOf(ASSIGNMENT_SEPARATOR);
    const pool = label.slice(0, at);
    const user = label.slice(at + 1);
    const m = pools.get(pool) ?? new Map<string, number>();
    m.set(user, (m.get(user) ?? 0) + n);
    pools.set(pool, m);
  }
  return pools;
}

/**
 * Level 2: warns when a pool's members got shares far from their targets (equal shares, or the
 * weights of a weighted pool). Absences skew shares too; `revloops route fairness` separates them.
 */
export const poolImbalanceMonitor: FeedbackSpec<RouteConfig> = {
  name: 'pool-imbalance',
  description: 'Warns when a pool hands its members shares of leads far from their target shares.',
  level: 2,
  reads: ['assignment'],
  evaluate: (metrics, config) => {
    const m = config.monitors.poolImbalance;
    if (!m.enabled) return [];
    const findings: Finding[] = [];
    for (const [name, got] of assignmentsByPool(metrics)) {
      const pool = config.pools[name];
      const total = [...got.values()].reduce((a, b) => a + b, 0);
      if (!pool || total < m.minAssignments) continue;
      const weights = pool.members.reduce((s, u) => s + weightOf(pool, u), 0);
      const rows = pool.members.map((user) => {
        const target = weightOf(pool, user) / weights;
        const share = (got.get(user) ?? 0) / total;
        return {
          user,
          assigned: got.get(user) ?? 0,
          share,
          target,
          deviation: target === 0 ? 0 : (share - target) / target,
        };
      });
      const off = rows.filter((r) => Math.abs(r.deviation) > m.maxDeviation);
      if (off.length === 0) continue;
      const worst = off.map((r) => `${r.user} ${pct(r.share)} (target ${pct(r.target)})`).join(', ');
      findings.push({
        feedback: 'pool-imbalance',
        severity: 'warning',
        message: `pool ${name} is uneven over ${total} leads: ${worst}; run revloops route fairness ${name} to see skips by reason`,
        evidence: { pool: name, total, maxDeviation: m.maxDeviation, members: rows },
      });
    }
    return findings;
  },
};

/** Level 2: warns when too large a share of SLA-bound assignments breach. */
export const slaBreachMonitor: FeedbackSpec<RouteConfig> = {
  name: 'sla-breaches',
  description: 'Warns when the share of assignments that breach their first-response SLA is too high.',
  level: 2,
  reads: ['sla_assignments', 'sla_breaches'],
  evaluate: (metrics, config) => {
    const m = config.monitors.slaBreaches;
    const assigned = [...counts(metrics, 'sla_assignments').values()].reduce((a, b) => a + b, 0);
    const breached = [...counts(metrics, 'sla_breaches').values()].reduce((a, b) => a + b, 0);
    if (!m.enabled || assigned < m.minAssignments || breached / assigned <= m.maxShare) return [];
    const share = breached / assigned;
    return [
      {
        feedback: 'sla-breaches',
        severity: 'warning',
        message: `${breached} of ${assigned} SLA-bound assignments breached (${pct(share)}, limit ${pct(m.maxShare)}): check rep capacity, working hours or the SLA minutes`,
        evidence: { assigned, breached, share, maxShare: m.maxShare },
      },
    ];
  },
};

/**
 * Level 3: when leads keep waiting because every member of a pool hit capPerDay, proposes a 20%
 * higher cap (at least one more), with the count of leads that waited as evidence.
 */
export const raiseDailyCapProposer: FeedbackSpec<RouteConfig> = {
  name: 'raise-daily-cap',
  description: "Proposes raising a pool's daily cap when leads wait because every member hit it.",
  level: 3,
  reads: ['waiting_at_cap'],
  evaluate: (metrics, config) => {
    const p = config.proposals.raiseDailyCap;
    if (!p.enabled) return [];
    const findings: Finding[] = [];
    for (const [name, waited] of counts(metrics, 'waiting_at_cap')) {
      const pool = config.pools[name];
      if (!pool || pool.capPerDay === undefined || waited < p.minWaiting) continue;
      const to = pool.capPerDay + Math.max(1, Math.round(pool.capPerDay * 0.2));
      findings.push({
        feedback: 'raise-daily-cap',
        severity: 'info',
        message: `Raise pool ${name}'s capPerDay from ${pool.capPerDay} to ${to}: ${waited} leads waited because all ${pool.members.length} members were at the cap`,
        evidence: { pool: name, waited, members: pool.members.length, capPerDay: pool.capPerDay },
        patch: [{ path: `pools.${name}.capPerDay`, from: pool.capPerDay, to }],
      });
    }
    return findings;
  },
};

/** Route's feedback: pool imbalance and SLA breach monitors, and the daily-cap proposer. */
export const routeFeedback: readonly FeedbackSpec<RouteConfig>[] = [
  poolImbalanceMonitor,
  slaBreachMonitor,
  raiseDailyCapProposer,
];
