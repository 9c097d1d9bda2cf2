import { type Decided, defineLoop, type LoopContext, RevloopsError } from '../../kernel/index.js';
import { EngageConfig } from './config.js';
import {
  AccountSignal,
  EngageInput,
  EngagementEvent,
  EngageOutput,
  LeadToEngage,
  SequenceDeployed,
  SequenceReviewed,
} from './contract.js';
import { deploySequence } from './deploy.js';
import {
  discoverOpportunity,
  discoveryFeedback,
  discoveryMetrics,
  LeadNurture,
  NOTES_EVENT,
  NURTURE_EVENT,
  OpportunityNotes,
  OpportunitySqo,
  SQO_EVENT,
} from './discovery/index.js';
import { engageFeedback } from './feedback.js';
import { engageMetrics } from './metrics.js';
import { engageLead, engageSignal } from './prospects.js';
import { type EngagementKind, onEngagement } from './replies.js';
import { reviewSequence } from './review-hook.js';

const ENGAGEMENT_EVENTS: Readonly<Record<string, EngagementKind>> = {
  'engagement.reply': 'reply',
  'engagement.ooo': 'ooo',
  'engagement.bounce': 'bounce',
  'engagement.unsubscribe': 'unsubscribe',
};

/** Parses the input with the contract of the event that started the run. */
function as<T>(schema: { parse(v: unknown): T }, input: unknown): T {
  return schema.parse(input);
}

/** Runs the step the event type names. */
function dispatch(ctx: LoopContext<EngageConfig>, input: EngageInput): Promise<Decided<EngageOutput>> {
  const type = ctx.eventType ?? '';
  if (type === 'lead.routed') return engageLead(ctx, as(LeadToEngage, input));
  if (type === 'account.signal') return engageSignal(ctx, as(AccountSignal, input));
  if (type === 'engagement.reviewed') return deploySequence(ctx, as(SequenceReviewed, input));
  if (type === NOTES_EVENT)
    return discoverOpportunity(ctx, ctx.config.discovery, as(OpportunityNotes, input));
  const kind = ENGAGEMENT_EVENTS[type];
  if (kind) return onEngagement(ctx, kind, as(EngagementEvent, input));
  throw new RevloopsError('USAGE', `engage does not handle ${type || 'runs without an event'}`);
}

/**
 * Engage (outreach): researches each routed lead or signalled account, composes a 3-5 email
 * sequence from the cited facts, scores it on a seven-criterion rubric (revising a failing draft),
 * puts it in the owner's review queue, deploys what the rep approves through the outbox to the
 * engagement platform, and stops or pauses it on replies, out-of-office answers and bounces.
 * Discovery qualifies opportunities from call notes (BANT, MEDDIC, MEDDPICC or custom) into SQO or nurture.
 */
export const engageLoop = defineLoop({
  name: 'engage',
  version: '1.0.0',
  description:
    'Researches routed leads and signalled accounts, drafts rubric-checked sequences for rep review, deploys approved ones and stops them on replies.',
  archetypes: ['event', 'human-led'],
  config: EngageConfig,
  triggers: [
    { kind: 'event', on: 'lead.routed' },
    { kind: 'event', on: 'account.signal' },
    { kind: 'event', on: 'engagement.reviewed' },
    { kind: 'event', on: NOTES_EVENT },
    ...Object.keys(ENGAGEMENT_EVENTS).map((on) => ({ kind: 'event' as const, on })),
  ],
  input: EngageInput,
  output: EngageOutput,
  outputs: ['decision', 'record_write', 'task', 'notification', 'handoff', 'review_item'],
  emits: [
    {
      type: 'engagement.reviewed',
      schema: SequenceReviewed,
      description: "A rep's verdict on a drafted sequence, with the edits: deployed or recorded as rejected.",
    },
    {
      type: 'engagement.deployed',
      schema: SequenceDeployed,
      description: 'A sequence live on the engagement platform, with its send times.',
    },
    {
      type: SQO_EVENT,
      schema: OpportunitySqo,
      description: 'An opportunity discovery qualified, for pursue.',
    },
    { type: NURTURE_EVENT, schema: LeadNurture, description: 'A disqualified opportunity, back to nurture.' },
  ],
  run: (ctx, input) => dispatch(ctx, input),
  review: (ctx, outcome) => reviewSequence(ctx, outcome),
  metrics: [...engageMetrics, ...discoveryMetrics],
  feedback: [...engageFeedback, discoveryFeedback<EngageConfig>((c) => c.discovery)],
});
