import { defineLoop, type LoopContext } from '../../kernel/index.js';
import { PursueConfig } from './config.js';
import {
  DealClosed,
  DealRisk,
  EvaluatePage,
  type OpportunitySqoIn,
  OpportunityWon,
  PursueInput,
  PursueOutput,
  type PursueTick,
} from './contract.js';
import { handleClosed, handleRisk } from './deal-risk.js';
import { continuePass, evaluateTick } from './evaluate-tick.js';
import { pursueFeedback } from './feedback.js';
import { pursueMetrics } from './metrics.js';
import { type CompiledPlays, compilePlays } from './plays.js';
import { startPlay } from './sqo.js';

const CACHE_SIZE = 16;
const compiledByVersion = new Map<string, CompiledPlays>();

/** The compiled plays of a config version (the version is the config's content hash). */
function compiledFor(ctx: LoopContext<PursueConfig>): CompiledPlays {
  let compiled = compiledByVersion.get(ctx.configVersion);
  if (!compiled) {
    compiled = compilePlays(ctx.config);
    if (compiledByVersion.size >= CACHE_SIZE)
      compiledByVersion.delete(compiledByVersion.keys().next().value ?? '');
    compiledByVersion.set(ctx.configVersion, compiled);
  }
  return compiled;
}

const kindOf = (i: PursueInput) => (i as { kind?: unknown }).kind;
const isTick = (i: PursueInput): i is PursueTick => 'scheduledFor' in i && 'catchUp' in i;

/**
 * Pursue: on an SQO, runs the play that fits the deal's shape (milestone tasks by role, staggered);
 * every day, evaluates each open deal for staleness, close-date risk, stage velocity, missing
 * milestones and single-threading, and nudges owners (escalating to managers) when risk rises.
 */
export const pursueLoop = defineLoop({
  name: 'pursue',
  version: '1.2.0',
  description:
    'Runs deal plays with milestone tasks on each SQO, evaluates open deals daily for risk, and nudges owners.',
  archetypes: ['event', 'scheduled'],
  config: PursueConfig,
  triggers: [
    { kind: 'handoff', from: 'engage', on: 'opportunity.sqo' },
    { kind: 'event', on: 'pursue.deal-risk' },
    { kind: 'event', on: 'pursue.deal-closed' },
    { kind: 'event', on: 'pursue.evaluate-page' },
    { kind: 'schedule', config: 'schedule', history: true },
  ],
  input: PursueInput,
  output: PursueOutput,
  outputs: ['decision', 'record_write', 'task', 'notification', 'handoff', 'escalation'],
  emits: [
    { type: 'opportunity.won', schema: OpportunityWon, description: 'A won deal, handed to onboard.' },
    {
      type: 'pursue.deal-risk',
      schema: DealRisk,
      description: 'A deal whose risk changed, nudged as its own decision.',
    },
    {
      type: 'pursue.deal-closed',
      schema: DealClosed,
      description: 'An evaluated deal that closed, recorded against its risk.',
    },
    {
      type: 'pursue.evaluate-page',
      schema: EvaluatePage,
      description: 'The next page of opportunities of a daily pass over more deals than one page.',
    },
  ],
  run: async (ctx, input) => {
    const plays = compiledFor(ctx);
    if (isTick(input)) return evaluateTick(ctx, plays, input);
    if (kindOf(input) === 'pursue.evaluate-page') return continuePass(ctx, plays, input as EvaluatePage);
    if (kindOf(input) === 'pursue.deal-risk') return handleRisk(ctx, input as DealRisk);
    if (kindOf(input) === 'pursue.deal-closed') return handleClosed(ctx, input as DealClosed);
    return startPlay(ctx, plays, input as OpportunitySqoIn);
  },
  metrics: pursueMetrics,
  feedback: pursueFeedback,
});
