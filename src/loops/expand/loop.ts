import { defineLoop, type LoopContext } from '../../kernel/index.js';
import { ExpandConfig } from './config.js';
import {
  CustomerChanged,
  CustomerOnboardedIn,
  ExpandInput,
  ExpandOutput,
  type ExpandTick,
  ScorePage,
} from './contract.js';
import { customerChanged, customerOnboarded } from './customer.js';
import { expandFeedback } from './feedback.js';
import { expandMetrics } from './metrics.js';
import { type CompiledExpand, compileExpand } from './plays.js';
import { continueScoring, scoreTick } from './score-tick.js';

const CACHE_SIZE = 16;
const compiledByVersion = new Map<string, CompiledExpand>();

/** The compiled config of a version (the version is the config's content hash). */
function compiledFor(ctx: LoopContext<ExpandConfig>): CompiledExpand {
  let compiled = compiledByVersion.get(ctx.configVersion);
  if (!compiled) {
    compiled = compileExpand(ctx.config);
    if (compiledByVersion.size >= CACHE_SIZE)
      compiledByVersion.delete(compiledByVersion.keys().next().value ?? '');
    compiledByVersion.set(ctx.configVersion, compiled);
  }
  return compiled;
}

/**
 * Expand: scores every customer's health on a schedule (weighted measures, bands, trend, history),
 * watches renewal windows and expansion potential, and opens plays (renewal, EBR, upsell,
 * cross-sell, risk intervention, multi-year) within their enrolment limits.
 */
export const expandLoop = defineLoop({
  name: 'expand',
  version: '1.1.0',
  description:
    'Scores customer health, opens renewal, expansion and risk plays, and calibrates health on outcomes.',
  archetypes: ['scheduled', 'event'],
  config: ExpandConfig,
  triggers: [
    { kind: 'handoff', from: 'onboard', on: 'customer.onboarded' },
    { kind: 'event', on: 'expand.customer-changed' },
    { kind: 'event', on: 'expand.score-page' },
    { kind: 'schedule', config: 'schedule', history: true },
  ],
  input: ExpandInput,
  output: ExpandOutput,
  outputs: ['decision', 'record_write', 'task', 'notification', 'handoff'],
  emits: [
    {
      type: 'expand.customer-changed',
      schema: CustomerChanged,
      description: 'A customer whose band changed or who enters plays.',
    },
    {
      type: 'expand.score-page',
      schema: ScorePage,
      description: 'The next page of customers of a scoring pass over more customers than one page.',
    },
  ],
  run: async (ctx, input) => {
    if (ctx.eventType === 'expand.customer-changed')
      return customerChanged(ctx, CustomerChanged.parse(input));
    if (ctx.eventType === 'expand.score-page')
      return continueScoring(ctx, compiledFor(ctx), ScorePage.parse(input));
    if (ctx.eventType === 'customer.onboarded')
      return customerOnboarded(ctx, compiledFor(ctx), CustomerOnboardedIn.parse(input));
    return scoreTick(ctx, compiledFor(ctx), input as ExpandTick);
  },
  metrics: expandMetrics,
  feedback: expandFeedback,
});
