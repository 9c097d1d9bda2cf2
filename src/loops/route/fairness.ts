import { getPath, type Json, type TraceEntry } from '../../kernel/index.js';
import type { Pool } from './pool-config.js';
import { weightOf } from './pools.js';

/** What the ledger reads of a route decision. */
export interface LedgerDecision {
  id: string;
  now: string;
  output: Json;
  trace: readonly TraceEntry[];
}

/** One member's line of the ledger. */
interface FairnessRow {
  user: string;
  /** Their target share from config (equal, or by weight). */
  targetShare: number;
  /** Leads the pool picked them for in the window. */
  assigned: number;
  /** Of those, leads taken back after they missed the SLA (credited back to them). */
  reassignedAway: number;
  /** assigned - reassignedAway. */
  net: number;
  /** Their share of all leads the pool assigned. */
  share: number;
  /** What they would have got given who was available at each pick (weight / available weight, summed). */
  expected: number;
  /** assigned - expected: positive means more than their fair share of the picks they were there for. */
  deviation: number;
  /** Picks they were passed over, per reason code. */
  skips: Record<string, number>;
  /** The latest plain-language reason per skip code, e.g. "out of office 2026-12-14 to 2026-12-18". */
  lastReasons: Record<string, string>;
}

/** A pool's fairness over a window. */
export interface FairnessLedger {
  pool: string;
  strategy: string | null;
  since: string;
  until: string | null;
  /** Picks made (decisions where the pool looked for a member). */
  picks: number;
  assigned: number;
  /** Picks where nobody could take the lead. */
  unplaced: number;
  rows: FairnessRow[];
  /** The largest |deviation| / expected over members with any expected leads. */
  maxRelativeDeviation: number;
}

type Detail = Record<string, unknown>;

const steps = (trace: readonly TraceEntry[], name: string): Detail[] =>
  trace.flatMap((t) => (t.kind === 'step' && t.name === name ? [(t.detail ?? {}) as Detail] : []));

const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * Builds a pool's fairness ledger from route decisions: per member, the leads assigned, the share
 * against the target share, the expected count given who was available at each pick, the
 * deviation, and every skip by reason. Pure: the caller reads the decisions (and the window).
 */
export function fairnessLedger(
  name: string,
  pool: Pool | undefined,
  decisions: Iterable<LedgerDecision>,
  window: { since: string; until?: string | null },
): FairnessLedger {
  const members = new Set(pool?.members ?? []);
  const row = (user: string): FairnessRow => {
    members.add(user);
    let r = rows.get(user);
    if (!r) {
      r = {
        user,
        targetShare: 0,
        assigned: 0,
        reassignedAway: 0,
        net: 0,
        share: 0,
        expected: 0,
        deviation: 0,
        skips: {},
        lastReasons: {},
      };
      rows.set(user, r);
    }
    return r;
  };
  const rows = new Map<string, FairnessRow>();
  for (const m of members) row(m);
  let picks = 0;
  let unplaced = 0;
  for (const d of decisions) {
    for (const c of steps(d.trace, 'pool-candidate')) {
      if (c.pool !== name || c.available !== false) continue;
      const r = row(String(c.user));
      const code = String(c.skip ?? 'unknown');
      r.skips[code] = (r.skips[code] ?? 0) + 1;
      r.lastReasons[code] = String(c.reason ?? '');
    }
    for (const p of steps(d.trace, 'pool-pick')) {
      if (p.pool !== name) continue;
      picks++;
      const eligible = (Array.isArray(p.eligible) ? p.eligible : []) as { user: string; weight: number }[];
      const total = eligible.reduce((s, e) => s + e.weight, 0);
      for (const e of eligible) if (total > 0) row(e.user).expected += e.weight / total;
      if (typeof p.chosen === 'string') row(p.chosen).assigned++;
      else unplaced++;
    }
    const from = getPath(d.output, 'from');
    if (
      getPath(d.output, 'kind') === 'escalation' &&
      getPath(d.output, 'outcome') === 'reassigned' &&
      typeof from === 'string'
    ) {
      if (steps(d.trace, 'pool-pick').some((p) => p.pool === name)) row(from).reassignedAway++;
    }
  }
  const assigned = [...rows.values()].reduce((s, r) => s + r.assigned, 0);
  const weights = pool ? pool.members.reduce((s, u) => s + weightOf(pool, u), 0) : 0;
  let maxRelativeDeviation = 0;
  for (const r of rows.values()) {
    r.targetShare =
      pool && weights > 0 && pool.members.includes(r.user) ? round(weightOf(pool, r.user) / weights) : 0;
    r.net = r.assigned - r.reassignedAway;
    r.share = assigned === 0 ? 0 : round(r.assigned / assigned);
    r.deviation = round(r.assigned - r.expected, 2);
    r.expected = round(r.expected, 2);
    if (r.expected > 0)
      maxRelativeDeviation = Math.max(maxRelativeDeviation, Math.abs(r.deviation) / r.expected);
  }
  return {
    pool: name,
    strategy: pool?.strategy ?? null,
    since: window.since,
    until: window.until ?? null,
    picks,
    assigned,
    unplaced,
    rows: [...rows.values()],
    maxRelativeDeviation: round(maxRelativeDeviation),
  };
}
