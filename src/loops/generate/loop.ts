import { defineLoop } from '../../kernel/index.js';
import { ATTRIBUTION_EVENT, attributeOpportunity, OpportunityClosed } from './attribution.js';
import { runCampaign, tick } from './campaign.js';
import { GenerateConfig } from './config.js';
import {
  AbmSignal,
  CAMPAIGN_DUE,
  CampaignDue,
  GenerateInput,
  GenerateOutput,
  type GenerateTick,
  INTENT_EVENT,
  IntentSignal,
  SIGNAL_EVENT,
  TOUCH_EVENT,
  TouchRecorded,
} from './contract.js';
import { generateFeedback } from './feedback.js';
import { intentSignal } from './intent.js';
import { generateMetrics } from './metrics.js';
import { MixScenario, modelChannelMix } from './mix-model.js';
import { recordTouch } from './touch.js';

/** The event type of a modeling run (`revloops model run generate --scenario <name>`). */
const MODEL_RUN = 'model.run';

/**
 * Generate: campaigns run on their cadence (audience, suppression, members, sends through the
 * outbox); intent signals start ABM plays and hand target accounts to engage; touches are kept for
 * attribution, which credits won deals to them; and channel-mix scenarios are modeled on history.
 */
export const generateLoop = defineLoop({
  name: 'generate',
  version: '1.1.0',
  description:
    'Runs campaigns on cadence, starts ABM plays on intent and hands the accounts to engage, attributes won deals to touches, and models channel mix.',
  archetypes: ['scheduled', 'event', 'modeling'],
  config: GenerateConfig,
  triggers: [
    { kind: 'schedule', config: 'schedule', history: true },
    { kind: 'event', on: CAMPAIGN_DUE },
    { kind: 'event', on: INTENT_EVENT },
    { kind: 'event', on: TOUCH_EVENT },
    { kind: 'handoff', from: 'pursue', on: ATTRIBUTION_EVENT },
    { kind: 'model' },
  ],
  input: GenerateInput,
  output: GenerateOutput,
  outputs: ['decision', 'record_write', 'notification', 'handoff'],
  emits: [
    {
      type: CAMPAIGN_DUE,
      schema: CampaignDue,
      description: 'A campaign whose cadence came due, run as its own decision.',
    },
    {
      type: SIGNAL_EVENT,
      schema: AbmSignal,
      description: 'An account whose intent started an ABM play, handed to engage for outbound.',
    },
  ],
  run: async (ctx, input) => {
    switch (ctx.eventType) {
      case CAMPAIGN_DUE:
        return runCampaign(ctx, CampaignDue.parse(input));
      case INTENT_EVENT:
        return intentSignal(ctx, IntentSignal.parse(input));
      case TOUCH_EVENT:
        return recordTouch(ctx, TouchRecorded.parse(input));
      case ATTRIBUTION_EVENT:
        return attributeOpportunity(ctx, OpportunityClosed.parse(input));
      case MODEL_RUN:
        return modelChannelMix(ctx, MixScenario.parse(input));
      default:
        return tick(ctx, input as GenerateTick);
    }
  },
  metrics: generateMetrics,
  feedback: generateFeedback,
});
