import { type Json, parseInstant } from '../../kernel/index.js';
import type { PursueConfig } from './config.js';
import { DAY, type Deal } from './deal.js';
import { type Medians, medianKey } from './medians.js';

/** The names of the deal warnings. */
type SignalName = 'stale' | 'closeDate' | 'velocity' | 'missingMilestones' | 'singleThreaded';

/** One warning checked on one deal: whether it fired, what it saw, and what it adds to the risk. */
interface SignalResult {
  signal: SignalName;
  fired: boolean;
  value: Json;
  contribution: number;
  reason: string;
  /** What identifies this warning's severity in the dedup key (days bucket, reasons, count). */
  bucket: string;
}

/** Risk levels, lowest first; `unscored` is a deal too new to judge. */
export type RiskLevel = 'unscored' | 'low' | 'medium' | 'high';

/** A deal's risk: level, score, each signal's contribution, and the dedup key of the lot. */
export interface Assessment {
  level: RiskLevel;
  score: number;
  signals: SignalResult[];
  key: string;
}

/** What the evaluator needs besides the deal: config prepared once, the instant, history, open tasks. */
export interface EvalEnv {
  config: Readonly<PursueConfig>;
  now: number;
  medians: Medians;
  /** Ids of milestone tasks that are still open. */
  openTasks: ReadonlySet<string>;
  /** Lower-cased per-stage staleness days and stage filters, prepared once per config. */
  staleByStage: ReadonlyMap<string, number>;
  stagesOf: Readonly<Record<SignalName, ReadonlySet<string>>>;
}

/** Prepares the per-config lookups of an evaluation. */
export function evalEnv(
  config: Readonly<PursueConfig>,
  now: number,
  medians: Medians,
  openTasks: ReadonlySet<string>,
): EvalEnv {
  const s = config.signals;
  const lower = (list: readonly string[]) => new Set(list.map((x) => x.toLowerCase()));
  return {
    config,
    now,
    medians,
    openTasks,
    staleByStage: new Map(Object.entries(s.stale.byStage).map(([k, v]) => [k.toLowerCase(), v])),
    stagesOf: {
      stale: lower(s.stale.stages),
      closeDate: lower(s.closeDate.stages),
      velocity: lower(s.velocity.stages),
      missingMilestones: lower(s.missingMilestones.stages),
      singleThreaded: lower(s.singleThreaded.stages),
    },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const quiet = (signal: SignalName, value: Json, reason: string): SignalResult => ({
  signal,
  fired: false,
  value,
  contribution: 0,
  reason,
  bucket: '',
});
/** A signal that did not fire, without its value and reason (see assessDeal's `explain`). */
const silent = (signal: SignalName): SignalResult =>
  Object.freeze({ signal, fired: false, value: null, contribution: 0, reason: '', bucket: '' });
const QUIET: Readonly<Record<SignalName, SignalResult>> = {
  stale: silent('stale'),
  closeDate: silent('closeDate'),
  velocity: silent('velocity'),
  missingMilestones: silent('missingMilestones'),
  singleThreaded: silent('singleThreaded'),
};
/** A signal that fired, without its value and reason. */
const bare = (signal: SignalName, weight: number, bucket: string): SignalResult => ({
  signal,
  fired: true,
  value: null,
  contribution: weight,
  reason: '',
  bucket,
});
const fire = (signal: SignalName, value: Json, weight: number, reason: string, bucket: string) => ({
  signal,
  fired: true,
  value,
  contribution: weight,
  reason,
  bucket,
});

function stale(d: Deal, env: EvalEnv, explain: boolean): SignalResult {
  const c = env.config.signals.stale;
  const last = d.lastActivityAt ?? d.stageEnteredAt ?? d.engagedAt;
  if (last === null) return quiet('stale', null, 'no activity, stage or engage date known');
  const days = (env.now - last) / DAY;
  const limit = env.staleByStage.get(d.stage.toLowerCase()) ?? c.days;
  if (!explain) return days < limit ? QUIET.stale : bare('stale', c.weight, String(Math.floor(days / limit)));
  if (days < limit)
    return quiet('stale', round1(days), `${round1(days)} days since activity, limit ${limit} in ${d.stage}`);
  return fire(
    'stale',
    round1(days),
    c.weight,
    `no activity for ${Math.floor(days)} days (limit ${limit} in ${d.stage})`,
    String(Math.floor(days / limit)),
  );
}

function closeDate(d: Deal, env: EvalEnv, explain: boolean): SignalResult {
  const c = env.config.signals.closeDate;
  if (d.closeDate === null) return quiet('closeDate', null, 'no close date');
  const why: string[] = [];
  if (d.closeDate < env.now) why.push('past');
  if (d.pushes > c.maxPushes) why.push(`pushed-${d.pushes}`);
  let lastDue = 0;
  for (const m of d.milestones)
    if (env.openTasks.has(m.taskId)) lastDue = Math.max(lastDue, parseInstant(m.dueAt));
  if (lastDue > d.closeDate) why.push('before-milestones');
  if (!explain) return why.length === 0 ? QUIET.closeDate : bare('closeDate', c.weight, why.join('+'));
  const date = new Date(d.closeDate).toISOString().slice(0, 10);
  if (why.length === 0) return quiet('closeDate', date, `close date ${date} holds (${d.pushes} push(es))`);
  const words = why.map((w) =>
    w === 'past'
      ? `close date ${date} is past`
      : w === 'before-milestones'
        ? `close date ${date} is sooner than the open milestones allow (last due ${new Date(lastDue).toISOString().slice(0, 10)})`
        : `close date pushed ${d.pushes} times (limit ${c.maxPushes})`,
  );
  return fire('closeDate', date, c.weight, words.join('; '), why.join('+'));
}

function velocity(d: Deal, play: string | null, env: EvalEnv, explain: boolean): SignalResult {
  const c = env.config.signals.velocity;
  const inStage = d.stageEnteredAt !== null;
  const since = d.stageEnteredAt ?? d.engagedAt;
  if (since === null) return quiet('velocity', null, 'no stage or engage date known');
  const m = env.medians.get(medianKey(play, inStage ? d.stage : '*'));
  const days = (env.now - since) / DAY;
  // Too few won deals of the shape: nothing to compare with, the signal cannot fire.
  const limit = m && m.deals >= c.minWonDeals ? m.days * c.factor : Number.POSITIVE_INFINITY;
  if (!explain)
    return days <= limit ? QUIET.velocity : bare('velocity', c.weight, String(Math.floor(days / limit)));
  const what = inStage ? `in ${d.stage}` : 'open';
  if (!m || m.deals < c.minWonDeals)
    return quiet(
      'velocity',
      round1(days),
      `too few won ${play ?? '-'} deals to judge days ${what} (${m?.deals ?? 0} of ${c.minWonDeals})`,
    );
  if (days <= limit)
    return quiet(
      'velocity',
      round1(days),
      `${round1(days)} days ${what}, median of won deals ${round1(m.days)}`,
    );
  return fire(
    'velocity',
    round1(days),
    c.weight,
    `${Math.floor(days)} days ${what}, over ${c.factor}× the ${round1(m.days)}-day median of ${m.deals} won ${play ?? '-'} deals`,
    String(Math.floor(days / limit)),
  );
}

function missing(d: Deal, env: EvalEnv, explain: boolean): SignalResult {
  const c = env.config.signals.missingMilestones;
  const cutoff = env.now - c.graceDays * DAY;
  const late = d.milestones.filter((m) => env.openTasks.has(m.taskId) && parseInstant(m.dueAt) < cutoff);
  if (!explain)
    return late.length === 0
      ? QUIET.missingMilestones
      : bare('missingMilestones', c.weight, String(late.length));
  if (late.length === 0)
    return quiet('missingMilestones', 0, `no milestone overdue (${d.milestones.length} planned)`);
  return fire(
    'missingMilestones',
    late.length,
    c.weight,
    `overdue: ${late.map((m) => m.name).join(', ')}`,
    String(late.length),
  );
}

function single(d: Deal, env: EvalEnv, explain: boolean): SignalResult {
  const c = env.config.signals.singleThreaded;
  if (d.contacts === null) return quiet('singleThreaded', null, 'contacts unknown');
  if (!explain)
    return d.contacts >= c.minContacts ? QUIET.singleThreaded : bare('singleThreaded', c.weight, '1');
  if (d.contacts >= c.minContacts)
    return quiet('singleThreaded', d.contacts, `${d.contacts} contacts engaged`);
  return fire(
    'singleThreaded',
    d.contacts,
    c.weight,
    `${d.contacts} contact(s) engaged, fewer than ${c.minContacts}`,
    '1',
  );
}

type Check = (d: Deal, play: string | null, env: EvalEnv, explain: boolean) => SignalResult;
const CHECKS: readonly [SignalName, Check][] = [
  ['stale', (d, _p, e, x) => stale(d, e, x)],
  ['closeDate', (d, _p, e, x) => closeDate(d, e, x)],
  ['velocity', velocity],
  ['missingMilestones', (d, _p, e, x) => missing(d, e, x)],
  ['singleThreaded', (d, _p, e, x) => single(d, e, x)],
];

/**
 * Checks every enabled warning on an open deal and combines them into a risk level. With `explain`
 * false, signals carry only what the level and the dedup key need (no value, no reason): the cheap
 * pass over deals whose risk has not changed; the key and level are the same either way.
 */
export function assessDeal(d: Deal, play: string | null, env: EvalEnv, explain = true): Assessment {
  const cfg = env.config;
  if (d.engagedAt !== null && (env.now - d.engagedAt) / DAY < cfg.minOpenDays)
    return { level: 'unscored', score: 0, signals: [], key: 'unscored' };
  const signals: SignalResult[] = [];
  let score = 0;
  let key = '';
  const stage = d.stage.toLowerCase();
  for (const [name, check] of CHECKS) {
    if (!cfg.signals[name].enabled) continue;
    const only = env.stagesOf[name];
    if (only.size > 0 && !only.has(stage)) continue;
    const r = check(d, play, env, explain);
    signals.push(r);
    if (r.fired) {
      score += r.contribution;
      key += `,${name}:${r.bucket}`;
    }
  }
  score = Math.round(score * 1000) / 1000;
  const level: RiskLevel = score >= cfg.risk.high ? 'high' : score >= cfg.risk.medium ? 'medium' : 'low';
  return { level, score, signals, key: `${level}${key}` };
}
