import { type CompiledCondition, compileCondition, type JsonObject } from '../../kernel/index.js';
import type { CoachConfig, Pattern, Skill } from './config.js';
import type { RepReview, SkillGap } from './contract.js';
import { CEL_VARIABLES } from './metric-paths.js';
import { type Movement, ownMove, peerMove } from './movement.js';
import { type DealFacts, type MetricSet, mean } from './rep-metrics.js';

/** The patterns and shapes of a config, their conditions compiled once per config version. */
export interface CompiledCoach {
  patterns: readonly { pattern: Pattern; test: CompiledCondition }[];
  shapes: readonly { name: string; skills: readonly string[]; test: CompiledCondition | null }[];
}

/** Compiles every pattern's and shape's condition (closures over the parsed YAML, no eval). */
export function compileCoach(config: Readonly<CoachConfig>): CompiledCoach {
  return {
    patterns: config.patterns.map((pattern) => ({
      pattern,
      test: compileCondition(pattern.when, { celVariables: CEL_VARIABLES }),
    })),
    shapes: config.shapes.map((s) => ({
      name: s.name,
      skills: s.skills,
      test: s.when === undefined ? null : compileCondition(s.when, { celVariables: { deal: '' } }),
    })),
  };
}

/** The shape of an opportunity: the first shape whose condition matches it. */
export function shapeOf(compiled: CompiledCoach, deal: JsonObject): string | null {
  for (const s of compiled.shapes) if (!s.test || s.test.test(deal)) return s.name;
  return null;
}

/** Flat metric values as a nested object (`shapes.enterprise.winRate`), missing values left out. */
export function nest(values: Readonly<Record<string, number | null>>): JsonObject {
  const out: JsonObject = {};
  for (const [path, v] of Object.entries(values)) {
    if (v === null) continue;
    const keys = path.split('.');
    let at = out;
    for (const k of keys.slice(0, -1)) {
      if (typeof at[k] !== 'object' || at[k] === null) at[k] = {};
      at = at[k] as JsonObject;
    }
    at[keys.at(-1) as string] = v;
  }
  return out;
}

/** a / b rounded, or null when either is missing or b is zero. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return Math.round((a / b) * 1000) / 1000;
}

const ratios = (a: MetricSet, b: MetricSet): Record<string, number | null> =>
  Object.fromEntries(Object.keys(a.values).map((k) => [k, ratio(a.values[k], b.values[k])]));

/** What a pattern's condition reads: the rep's metrics, the team's, the rep's trailing ones, and ratios. */
export function patternSubject(rep: MetricSet, team: MetricSet, trailing: MetricSet): JsonObject {
  return {
    metrics: nest(rep.values),
    team: nest(team.values),
    trailing: nest(trailing.values),
    vsTeam: nest(ratios(rep, team)),
    vsTrailing: nest(ratios(rep, trailing)),
  };
}

/** Every pattern checked against a rep: the matched ones with evidence, and why the others did not. */
export function checkPatterns(
  compiled: CompiledCoach,
  sets: { rep: MetricSet; team: MetricSet; trailing: MetricSet },
  previous: ReadonlySet<string>,
): { found: RepReview['patterns']; missed: { name: string; reason: string }[] } {
  const subject = patternSubject(sets.rep, sets.team, sets.trailing);
  const found: RepReview['patterns'] = [];
  const missed: { name: string; reason: string }[] = [];
  for (const { pattern, test } of compiled.patterns) {
    const r = test(subject);
    if (!r.matched) {
      missed.push({ name: pattern.name, reason: r.reason });
      continue;
    }
    found.push({
      name: pattern.name,
      description: pattern.description,
      task: pattern.task,
      reason: r.reason,
      evidence: pattern.evidence.map((metric) => ({
        metric,
        rep: sets.rep.values[metric] ?? null,
        team: sets.team.values[metric] ?? null,
        trailing: sets.trailing.values[metric] ?? null,
        samples: sets.rep.samples[metric] ?? 0,
      })),
      isNew: !previous.has(pattern.name),
    });
  }
  return { found, missed };
}

/**
 * The watched metrics that moved well away from the rep's trailing average or from the other
 * reps' values (`peers`: their current values, this rep left out).
 */
export function movements(
  alerts: CoachConfig['alerts'],
  rep: MetricSet,
  trailing: MetricSet,
  peers: readonly MetricSet[],
  previous: ReadonlySet<string>,
): RepReview['alerts'] {
  const out: Movement[] = [];
  for (const metric of alerts.metrics) {
    const value = rep.values[metric] ?? null;
    const own = ownMove(metric, value, trailing.values[metric] ?? null, alerts.ownChange);
    if (own) out.push(own);
    const others = peers.flatMap((p) => {
      const v = p.values[metric];
      return v === null || v === undefined ? [] : [v];
    });
    const peer = peerMove(metric, value, others, alerts.peerZ, alerts.minPeers);
    if (peer) out.push(peer);
  }
  return out.map((m) => ({ ...m, isNew: !previous.has(m.key) }));
}

/** Whether a value is weak at a skill, and the threshold in words. */
export function weakAt(skill: Skill, value: number): boolean {
  return skill.weakBelow !== undefined ? value < skill.weakBelow : value > (skill.weakAbove as number);
}

const thresholdText = (s: Skill) =>
  s.weakBelow !== undefined ? `below ${s.weakBelow}` : `above ${String(s.weakAbove)}`;

/**
 * Territory skill gaps: for each territory, the skills its open deals need (by shape, with at least
 * `minDeals` of them) that its reps are weak at on average.
 */
export function skillGaps(
  config: Readonly<CoachConfig>,
  compiled: CompiledCoach,
  territories: ReadonlyMap<string, readonly string[]>,
  deals: readonly DealFacts[],
  repMetrics: ReadonlyMap<string, MetricSet>,
): Omit<SkillGap, 'kind' | 'scheduledFor'>[] {
  const gaps: Omit<SkillGap, 'kind' | 'scheduledFor'>[] = [];
  for (const [territory, reps] of territories) {
    const members = new Set(reps);
    const open = deals.filter((d) => d.outcome === 'open' && d.ownerId !== null && members.has(d.ownerId));
    for (const skill of config.skills) {
      const shapes = compiled.shapes.filter((s) => s.skills.includes(skill.name)).map((s) => s.name);
      const needing = open.filter((d) => d.shape !== null && shapes.includes(d.shape));
      if (needing.length < config.skillGaps.minDeals) continue;
      const values = Object.fromEntries(
        reps.map((r) => [r, repMetrics.get(r)?.values[skill.metric] ?? null]),
      );
      const known = Object.values(values).filter((v): v is number => v !== null);
      const average = mean(known);
      if (average === null || !weakAt(skill, average)) continue;
      gaps.push({
        territory,
        skill: skill.name,
        metric: skill.metric,
        shapes: shapes.filter((s) => needing.some((d) => d.shape === s)),
        openDeals: needing.length,
        reps: values,
        average: Math.round(average * 1000) / 1000,
        threshold: thresholdText(skill),
      });
    }
  }
  return gaps;
}
