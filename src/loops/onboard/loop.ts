import { defineLoop, type LoopContext, type TickInput } from '../../kernel/index.js';
import { OnboardConfig } from './config.js';
import {
  CustomerOnboarded,
  MilestoneDone,
  OnboardInput,
  OnboardOutput,
  type OpportunityWonIn,
  StatusChanged,
  UsageRecorded,
  Waiting,
} from './contract.js';
import { evaluateTick } from './evaluate-tick.js';
import { onboardFeedback } from './feedback.js';
import { onboardMetrics } from './metrics.js';
import { type CompiledPlans, compilePlans } from './plans.js';
import { startOnboarding } from './start.js';
import { statusChanged } from './status.js';
import { milestoneDone, usageRecorded, waitingChanged } from './updates.js';

const CACHE_SIZE = 16;
const compiledByVersion = new Map<string, CompiledPlans>();

/** The compiled plans of a config version (the version is the config's content hash). */
function compiledFor(ctx: LoopContext<OnboardConfig>): CompiledPlans {
  let compiled = compiledByVersion.get(ctx.configVersion);
  if (!compiled) {
    compiled = compilePlans(ctx.config);
    if (compiledByVersion.size >= CACHE_SIZE)
      compiledByVersion.delete(compiledByVersion.keys().next().value ?? '');
    compiledByVersion.set(ctx.configVersion, compiled);
  }
  return compiled;
}

/**
 * Onboard: on a won deal, runs the onboarding plan that fits the customer (milestone tasks by
 * role, due from close); a scheduled evaluator grades each customer on milestones and usage ramp,
 * nudges and escalates, and hands customers who meet the exit criteria to expand.
 */
export const onboardLoop = defineLoop({
  name: 'onboard',
  version: '1.1.0',
  description:
    'Plans from close to first value, tracks milestones and usage ramp, and hands onboarded customers to expand.',
  archetypes: ['event', 'scheduled'],
  config: OnboardConfig,
  triggers: [
    { kind: 'handoff', from: 'pursue', on: 'opportunity.won' },
    { kind: 'event', on: 'onboard.milestone-done' },
    { kind: 'event', on: 'onboard.waiting' },
    { kind: 'event', on: 'usage.recorded' },
    { kind: 'event', on: 'onboard.status-changed' },
    { kind: 'schedule', config: 'schedule' },
  ],
  input: OnboardInput,
  output: OnboardOutput,
  outputs: ['decision', 'record_write', 'task', 'notification', 'handoff', 'escalation'],
  emits: [
    {
      type: 'customer.onboarded',
      schema: CustomerOnboarded,
      description: 'A customer past its exit criteria, handed to expand.',
    },
    {
      type: 'onboard.status-changed',
      schema: StatusChanged,
      description: 'A status change, nudged as its own decision.',
    },
  ],
  run: async (ctx, input) => {
    switch (ctx.eventType) {
      case 'onboard.milestone-done':
        return milestoneDone(ctx, MilestoneDone.parse(input));
      case 'onboard.waiting':
        return waitingChanged(ctx, Waiting.parse(input));
      case 'usage.recorded':
        return usageRecorded(ctx, UsageRecorded.parse(input));
      case 'onboard.status-changed':
        return statusChanged(ctx, StatusChanged.parse(input));
      case 'opportunity.won':
        return startOnboarding(ctx, compiledFor(ctx), input as OpportunityWonIn);
      default:
        return evaluateTick(ctx, input as TickInput);
    }
  },
  metrics: onboardMetrics,
  feedback: onboardFeedback,
});
