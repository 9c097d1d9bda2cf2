import { checkContract, defineLoop } from 'revloops';
import { PqlConfig } from './config.js';
import { LeadConverted, PqlInput, PqlOutput, PqlQualified, ProductUsage } from './contract.js';
import { pqlFeedback } from './feedback.js';
import { pqlMetrics } from './metrics.js';
import { observeConversion, scoreUsage } from './usage.js';

/**
 * Product-qualified: a plug-in loop. Usage events of the self-serve product build a rolling,
 * recency-decayed usage state per account; the account is scored on feature use, activation
 * milestones, active users and plan; when the score crosses the threshold, the account's most
 * active user becomes a lead handed to route as `lead.qualified`. Conversions of those leads are
 * observed, so PQL conversion is measured.
 */
export const productQualifiedLoop = defineLoop({
  name: 'product-qualified',
  version: '1.0.0',
  description:
    'Scores self-serve accounts on product usage (features, milestones, active users, plan, recency) and hands product-qualified leads to route.',
  archetypes: ['event'],
  config: PqlConfig,
  triggers: [
    { kind: 'event', on: 'product.usage' },
    { kind: 'event', on: 'lead.converted' },
  ],
  input: PqlInput,
  output: PqlOutput,
  outputs: ['decision', 'record_write', 'handoff'],
  emits: [
    {
      type: 'lead.qualified',
      schema: PqlQualified,
      description:
        'A product-qualified lead (the most active user of an account that crossed the threshold), ready to route.',
    },
  ],
  run: async (ctx, input) => {
    if (ctx.eventType === 'lead.converted')
      return observeConversion(ctx, checkContract(LeadConverted, input, 'lead.converted payload'));
    return scoreUsage(
      ctx,
      checkContract(ProductUsage, input, `input of loop product-qualified (${ctx.eventType})`),
    );
  },
  metrics: pqlMetrics,
  feedback: pqlFeedback,
});
