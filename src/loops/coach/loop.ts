import { defineLoop, type LoopContext } from '../../kernel/index.js';
import { CoachConfig } from './config.js';
import { CoachInput, CoachOutput, CoachTick, ManagerDigest, RepReview, SkillGap } from './contract.js';
import { coachFeedback } from './feedback.js';
import { type CompiledCoach, compileCoach } from './logic.js';
import { coachMetrics } from './metrics.js';
import { reviewRep, sendDigest } from './outputs.js';
import { reviewTick } from './review-tick.js';

const CACHE_SIZE = 16;
const compiledByVersion = new Map<string, CompiledCoach>();

/** The compiled patterns and shapes of a config version (the version is the config's content hash). */
function compiledFor(ctx: LoopContext<CoachConfig>): CompiledCoach {
  let compiled = compiledByVersion.get(ctx.configVersion);
  if (!compiled) {
    compiled = compileCoach(ctx.config);
    if (compiledByVersion.size >= CACHE_SIZE)
      compiledByVersion.delete(compiledByVersion.keys().next().value ?? '');
    compiledByVersion.set(ctx.configVersion, compiled);
  }
  return compiled;
}

/**
 * Coach: every week, measures each rep from what the other loops recorded (discovery coverage,
 * response to routed leads, sequence approvals and edits, stage conversion, win rate and cycle time
 * by deal shape) against their team and their own trailing average; finds the configured patterns,
 * territory skill gaps and metrics that moved, and sends each manager a digest, coaching tasks and
 * alerts.
 */
export const coachLoop = defineLoop({
  name: 'coach',
  version: '1.1.0',
  description:
    'Weekly rep coaching: metrics against team and trailing average, patterns, skill gaps, digests, tasks and alerts.',
  archetypes: ['scheduled'],
  config: CoachConfig,
  triggers: [
    { kind: 'event', on: 'coach.rep-review' },
    { kind: 'event', on: 'coach.manager-digest' },
    { kind: 'schedule', config: 'schedule', history: true },
  ],
  input: CoachInput,
  output: CoachOutput,
  outputs: ['decision', 'record_write', 'task', 'notification', 'handoff'],
  emits: [
    {
      type: 'coach.rep-review',
      schema: RepReview,
      description: "A rep's weekly review, decided on its own.",
    },
    {
      type: 'coach.manager-digest',
      schema: ManagerDigest,
      description: "A manager's weekly coaching digest, sent as its own decision.",
    },
    {
      type: 'coach.skill-gap',
      schema: SkillGap,
      description: "A territory whose deals need a skill its reps score weak on, for design's rebalancing.",
    },
  ],
  run: async (ctx, input) => {
    if (ctx.eventType === 'coach.rep-review') return reviewRep(ctx, RepReview.parse(input));
    if (ctx.eventType === 'coach.manager-digest') return sendDigest(ctx, ManagerDigest.parse(input));
    return reviewTick(ctx, compiledFor(ctx), CoachTick.parse(input));
  },
  metrics: coachMetrics,
  feedback: coachFeedback,
});
