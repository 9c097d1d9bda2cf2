import { emailDomainOf } from '../../agents/index.js';
import {
  type CompiledCondition,
  compileCondition,
  getPath,
  isMissing,
  type JsonObject,
} from '../../kernel/index.js';
import type { RouteConfig } from './config.js';
import { type Action, CEL_VARIABLES, type Rule } from './rule-config.js';

/** A rule compiled once per config version: its condition is a closure. */
export interface CompiledRule {
  rule: Rule;
  /** 0-based position: rule 1 is index 0. */
  index: number;
  test: CompiledCondition | null;
}

/** A route config compiled once per config version. */
export interface CompiledRoutes {
  config: Readonly<RouteConfig>;
  rules: readonly CompiledRule[];
  segments: readonly { name: string; test: CompiledCondition }[];
}

const OPTIONS = { celVariables: CEL_VARIABLES };

/** Compiles every rule and segment condition of a config (no eval: closures over the parsed YAML). */
export function compileRoutes(config: Readonly<RouteConfig>): CompiledRoutes {
  return {
    config,
    rules: config.rules.map((rule, index) => ({
      rule,
      index,
      test: rule.when === undefined ? null : compileCondition(rule.when, OPTIONS),
    })),
    segments: config.segments.map((s) => ({ name: s.name, test: compileCondition(s.when, OPTIONS) })),
  };
}

/** One rule as it was tried: whether it matched and why, in plain words. */
export interface RuleCheck {
  rule: string;
  /** 1-based, as ops count rules. */
  position: number;
  matched: boolean;
  reason: string;
}

/** The first rule at or after `from` whose condition matches, with every rule tried on the way. */
export function firstMatch(
  compiled: CompiledRoutes,
  subject: unknown,
  from = 0,
): { match: CompiledRule | null; checks: RuleCheck[] } {
  const checks: RuleCheck[] = [];
  for (const r of compiled.rules.slice(from)) {
    const position = r.index + 1;
    if (!r.rule.enabled) {
      checks.push({ rule: r.rule.name, position, matched: false, reason: 'the rule is disabled' });
      continue;
    }
    const result = r.test ? r.test(subject) : { matched: true, reason: 'the rule has no condition' };
    checks.push({ rule: r.rule.name, position, matched: result.matched, reason: result.reason });
    if (result.matched) return { match: r, checks };
  }
  return { match: null, checks };
}

/**
 * The first enabled rule at or after `from` that matches, without building reasons: the hot path
 * a batch simulator uses. Same answer as `firstMatch`.
 */
export function matchingRule(compiled: CompiledRoutes, subject: unknown, from = 0): CompiledRule | null {
  for (const r of compiled.rules.slice(from))
    if (r.rule.enabled && (r.test === null || r.test.test(subject))) return r;
  return null;
}

/** The segment a lead is in: its own `segment` if it has one, else the first configured segment that matches. */
export function segmentOf(
  compiled: CompiledRoutes,
  subject: Readonly<Record<string, unknown>>,
): { segment: string | undefined; reason: string } {
  if (typeof subject.segment === 'string' && subject.segment.trim() !== '')
    return { segment: subject.segment, reason: 'the lead names its segment' };
  for (const s of compiled.segments) {
    const r = s.test(subject);
    if (r.matched) return { segment: s.name, reason: r.reason };
  }
  return {
    segment: undefined,
    reason: compiled.segments.length === 0 ? 'no segments are configured' : 'no segment matched',
  };
}

/**
 * What the rules test: the stored lead's fields, overlaid by the handoff's (the newer values), plus
 * `id`, `emailDomain` and, once known, `segment` and `account`.
 */
export function routingSubject(
  lead: Readonly<Record<string, unknown>>,
  stored: Readonly<JsonObject> | undefined,
): Record<string, unknown> {
  const subject: Record<string, unknown> = { ...(stored ?? {}) };
  for (const [k, v] of Object.entries(lead)) if (!isMissing(v)) subject[k] = v;
  subject.id = lead.leadId;
  if (isMissing(subject.emailDomain)) {
    const d = emailDomainOf(subject.email);
    if (d !== undefined) subject.emailDomain = d;
  }
  if (typeof subject.domain === 'string') subject.domain = subject.domain.trim().toLowerCase();
  return subject;
}

/** An action in a few words, for traces and reasons. */
export function describeAction(a: Action): string {
  switch (a.type) {
    case 'user':
      return `assign to ${a.user}`;
    case 'pool':
      return `assign through pool ${a.pool}`;
    case 'account-owner':
      return "assign to the matched account's owner";
    case 'territory':
      return a.territory
        ? `assign to the owner of territory ${a.territory}`
        : `assign to the territory in ${a.field}`;
    case 'queue':
      return `send to queue ${a.queue}`;
    case 'agent':
      return `ask an agent: ${a.question} (${Object.keys(a.options).join(', ')})`;
  }
}

/** The value at a dotted path that names a record id: a non-empty string or number, else undefined. */
export function idAt(subject: unknown, path: string): string | undefined {
  const v = getPath(subject, path);
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
