import { emailDomainOf } from '../../agents/index.js';
import { isMissing, type Json, type JsonObject } from '../../kernel/index.js';
import type { QualifyConfig } from './config.js';
import type { ScoreGroup } from './factor-config.js';
import { type CompiledFactor, compileFactor, domainFactors, inDomains } from './factors.js';

/** One factor's contribution to a score, as it goes into the trace. */
interface Contribution {
  factor: string;
  label: string;
  group: ScoreGroup;
  value: Json;
  /** Whole points after the factor's own cap. */
  points: number;
  reason: string;
  known: boolean;
}

/** A group cap, the total cap or the floor that changed the score. */
interface CapApplied {
  scope: ScoreGroup | 'total';
  limit: number;
  before: number;
  after: number;
  /** after - before: what the cap added to (or took from) the sum of contributions. */
  adjustment: number;
  reason: string;
}

/** A grade threshold tried, in order, and why it did or did not hold. */
export interface GradeCheck {
  grade: string;
  matched: boolean;
  reason: string;
}

/** Everything a score is made of. score = sum of contributions + sum of cap adjustments. */
export interface ScoreResult {
  contributions: Contribution[];
  caps: CapApplied[];
  groups: Record<ScoreGroup, number>;
  score: number;
  grade: string;
  gradeChecks: GradeCheck[];
  topReasons: string[];
  fitCoverage: { known: number; total: number };
}

/** The scoring model compiled once per config version: closures and sets, no parsing per lead. */
export interface ScoringModel {
  config: Readonly<QualifyConfig>;
  factors: readonly CompiledFactor[];
  freeDomains: ReadonlySet<string>;
}

/** Compiles the config's factors (and the free-email and competitor checks) into a model. */
export function compileModel(config: Readonly<QualifyConfig>): ScoringModel {
  return {
    config,
    factors: [...config.factors.map(compileFactor), ...domainFactors(config)],
    freeDomains: new Set(config.freeEmail.domains.map((d) => d.toLowerCase())),
  };
}

/**
 * The lead as it is scored: the event's fields, with gaps filled from the stored lead record
 * (a value in the event wins), plus `emailDomain` derived from the email.
 */
export function scoringSubject(
  lead: Readonly<Record<string, unknown>>,
  stored: Readonly<JsonObject> | undefined,
): { subject: Record<string, unknown>; filled: string[] } {
  const subject: Record<string, unknown> = { ...lead };
  const filled: string[] = [];
  for (const [key, value] of Object.entries(stored ?? {})) {
    if (isMissing(subject[key]) && !isMissing(value)) {
      subject[key] = value;
      filled.push(key);
    }
  }
  if (isMissing(subject.emailDomain)) {
    const domain = emailDomainOf(subject.email);
    if (domain !== undefined) subject.emailDomain = domain;
  }
  return { subject, filled };
}

/**
 * The company domain to match and hand on: the lead's own, else its email's; never a free email
 * provider, which says nothing about the company (a form's domain field filled with gmail.com).
 */
export function companyDomain(
  model: ScoringModel,
  subject: Readonly<Record<string, unknown>>,
): string | undefined {
  const own = typeof subject.domain === 'string' ? subject.domain.trim().toLowerCase() : '';
  for (const domain of [own === '' ? undefined : own, emailDomainOf(subject.email)])
    if (domain !== undefined && !inDomains(domain, model.freeDomains)) return domain;
  return undefined;
}

const whole = (n: number): number => {
  const r = Math.round(n);
  return r === 0 ? 0 : r;
};

function contribute(f: CompiledFactor, subject: unknown, nowMs: number): Contribution {
  const raw = f.evaluate(subject, nowMs);
  const capped = f.cap === undefined ? raw.points : Math.max(-f.cap, Math.min(f.cap, raw.points));
  const reason = capped === raw.points ? raw.reason : `${raw.reason}; capped at ${f.cap}`;
  const base = { factor: f.name, label: f.label, group: f.group, value: raw.value, known: raw.known };
  return { ...base, points: whole(capped), reason };
}

/** A cap that moves `before` to `after`, with its plain-language reason. */
function capTo(scope: CapApplied['scope'], before: number, after: number, reason: string): CapApplied {
  return { scope, limit: after, before, after, adjustment: after - before, reason };
}

function capGroup(group: ScoreGroup, sum: number, cap: number): CapApplied | undefined {
  if (group === 'negative' ? sum >= -cap : sum <= cap) return undefined;
  const after = group === 'negative' ? -cap : cap;
  return capTo(
    group,
    sum,
    after,
    `${group} points ${sum} ${group === 'negative' ? 'limited to' : 'capped at'} ${after}`,
  );
}

function capTotal(sum: number, total: QualifyConfig['total']): CapApplied | undefined {
  if (sum > total.cap) return capTo('total', sum, total.cap, `total ${sum} capped at ${total.cap}`);
  if (sum < total.floor)
    return capTo('total', sum, total.floor, `total ${sum} raised to the floor of ${total.floor}`);
  return undefined;
}

/** Grades a score: the first threshold met (score and, when set, fit), else the fallback grade. */
export function gradeFor(
  grades: QualifyConfig['grades'],
  score: number,
  fit: number,
): { grade: string; checks: GradeCheck[] } {
  const checks: GradeCheck[] = [];
  for (const t of grades.thresholds) {
    const scoreOk = score >= t.min;
    const fitOk = t.minFit === undefined || fit >= t.minFit;
    const fitText = t.minFit === undefined ? '' : ` and fit ${fit} ${fitOk ? '≥' : '<'} ${t.minFit}`;
    checks.push({
      grade: t.grade,
      matched: scoreOk && fitOk,
      reason: `score ${score} ${scoreOk ? '≥' : '<'} ${t.min}${fitText}`,
    });
    if (scoreOk && fitOk) return { grade: t.grade, checks };
  }
  checks.push({ grade: grades.otherwise, matched: true, reason: 'no higher grade threshold was met' });
  return { grade: grades.otherwise, checks };
}

/** The three largest positive contributions and the largest negative one, in plain words. */
function topReasons(contributions: readonly Contribution[]): string[] {
  const text = (c: Contribution) => `${c.label}: ${c.reason} (${c.points > 0 ? '+' : ''}${c.points})`;
  const positive = contributions.filter((c) => c.points > 0).sort((a, b) => b.points - a.points);
  const negative = contributions.filter((c) => c.points < 0).sort((a, b) => a.points - b.points);
  return [...positive.slice(0, 3), ...negative.slice(0, 1)].map(text);
}

/** Scores one lead. Pure: the instant comes in as `now`, nothing is read or written. */
export function scoreLead(model: ScoringModel, subject: unknown, now: Date): ScoreResult {
  const nowMs = now.getTime();
  const contributions = model.factors.map((f) => contribute(f, subject, nowMs));
  const caps: CapApplied[] = [];
  const groups = { fit: 0, engagement: 0, negative: 0 } satisfies Record<ScoreGroup, number>;
  for (const group of ['fit', 'engagement', 'negative'] as const) {
    const sum = contributions.filter((c) => c.group === group).reduce((s, c) => s + c.points, 0);
    const cap = capGroup(group, sum, model.config.groups[group].cap);
    if (cap) caps.push(cap);
    groups[group] = cap ? cap.after : sum;
  }
  const sum = groups.fit + groups.engagement + groups.negative;
  const totalCap = capTotal(sum, model.config.total);
  if (totalCap) caps.push(totalCap);
  const score = totalCap ? totalCap.after : sum;
  const { grade, checks } = gradeFor(model.config.grades, score, groups.fit);
  const fit = contributions.filter((c) => c.group === 'fit');
  return {
    contributions,
    caps,
    groups,
    score,
    grade,
    gradeChecks: checks,
    topReasons: topReasons(contributions),
    fitCoverage: { known: fit.filter((c) => c.known).length, total: fit.length },
  };
}
