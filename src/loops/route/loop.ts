import { defineLoop, type LoopContext, shadowedRules, type TickInput } from '../../kernel/index.js';
import { recordCapacity } from './capacity.js';
import { RouteConfig } from './config.js';
import {
  CapacityPlanned,
  LeadRouted,
  LeadToRoute,
  RouteInput,
  RouteOutput,
  SlaBreach,
  WaitingRetry,
} from './contract.js';
import { escalateBreach, retryLead } from './escalate.js';
import { routeFeedback } from './feedback.js';
import { type CompiledRoutes, compileRoutes } from './logic.js';
import { routeMetrics } from './metrics.js';
import { routeLead } from './route-lead.js';
import { scanTick } from './sla-tick.js';

const CACHE_SIZE = 16;
const compiledByVersion = new Map<string, CompiledRoutes>();

/** The compiled rules of a config version. The version is the config's content hash, so it names one config. */
function compiledFor(ctx: LoopContext<RouteConfig>): CompiledRoutes {
  let compiled = compiledByVersion.get(ctx.configVersion);
  if (!compiled) {
    compiled = compileRoutes(ctx.config);
    if (compiledByVersion.size >= CACHE_SIZE)
      compiledByVersion.delete(compiledByVersion.keys().next().value ?? '');
    compiledByVersion.set(ctx.configVersion, compiled);
  }
  return compiled;
}

const isTick = (i: RouteInput): i is TickInput => 'scheduledFor' in i && 'catchUp' in i;
const isBreach = (i: RouteInput): i is SlaBreach => (i as { kind?: unknown }).kind === 'route.sla-breach';
const isRetry = (i: RouteInput): i is WaitingRetry => (i as { kind?: unknown }).kind === 'route.retry';

/**
 * Config lint for `revloops validate`: rules that can never fire because an earlier rule catches
 * everything they match, and account-owner rules while account matching is off.
 */
export function lintRoute(config: RouteConfig): { path: string; message: string }[] {
  const live = config.rules.map((r, i) => ({ r, i })).filter(({ r }) => r.enabled);
  const warnings = shadowedRules(live.map(({ r }) => ({ name: r.name, when: r.when ?? { all: [] } }))).map(
    (s) => {
      const at = live.find(({ r }) => r.name === s.rule)?.i ?? 0;
      return { path: `rules.${at}.when`, message: s.reason };
    },
  );
  config.rules.forEach((r, i) => {
    if (r.action.type === 'account-owner' && !config.accounts.match)
      warnings.push({
        path: `rules.${i}.action`,
        message: `rule '${r.name}' assigns to account owners, but accounts.match is off, so it never fires`,
      });
  });
  return warnings;
}

/**
 * Route: walks priority-ordered rules (first match fires) and places each qualified lead with a
 * user, a pool (round robin, fewest open opportunities, weighted; caps, working hours, time zones
 * and absences respected), the matched account's owner, a territory's owner or a queue; an agent
 * settles ambiguous cases by confidence. A schedule escalates missed first-response SLAs and
 * retries waiting leads, each as its own decision.
 */
export const routeLoop = defineLoop({
  name: 'route',
  version: '1.1.0',
  description:
    'Assigns each qualified lead by priority-ordered rules to a user, pool, account owner, territory owner or queue; escalates missed SLAs.',
  archetypes: ['event', 'scheduled'],
  config: RouteConfig,
  triggers: [
    { kind: 'event', on: 'lead.qualified', input: LeadToRoute },
    { kind: 'event', on: 'route.sla-breach', input: SlaBreach },
    { kind: 'event', on: 'route.retry', input: WaitingRetry },
    { kind: 'handoff', from: 'design', on: 'capacity.planned', input: CapacityPlanned },
    { kind: 'schedule', config: 'schedule' },
  ],
  input: RouteInput,
  output: RouteOutput,
  outputs: ['decision', 'record_write', 'task', 'notification', 'handoff', 'review_item', 'escalation'],
  emits: [
    {
      type: 'lead.routed',
      schema: LeadRouted,
      description: 'A lead assigned to its owner, ready for engagement.',
    },
    {
      type: 'route.sla-breach',
      schema: SlaBreach,
      description: 'A missed first-response SLA, escalated as its own decision.',
    },
    {
      type: 'route.retry',
      schema: WaitingRetry,
      description: 'A waiting lead retried now that its pool has room.',
    },
  ],
  run: async (ctx, input) => {
    const compiled = compiledFor(ctx);
    if (isTick(input)) return scanTick(ctx, input);
    if (isBreach(input)) return escalateBreach(ctx, compiled, input);
    if (isRetry(input)) return retryLead(ctx, compiled, input);
    if (ctx.eventType === 'capacity.planned') return recordCapacity(ctx, CapacityPlanned.parse(input));
    return routeLead(ctx, compiled, input as LeadToRoute);
  },
  metrics: routeMetrics,
  feedback: routeFeedback,
  lint: lintRoute,
});
