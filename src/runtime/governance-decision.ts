import { z } from 'zod';
import {
  type AnyLoop,
  type Decision,
  type Json,
  type JsonObject,
  type ReviewOutcome,
  RevloopsError,
} from '../kernel/index.js';
import type { LoadedLoop } from '../workspace/index.js';
import { type FirstDifference, firstDifference } from './diff.js';
import { type DecisionParts, GOVERNANCE_EVENT_TYPES, governanceParts } from './governance-parts.js';
import { newId } from './ids.js';

/** A governance decision to build: who, under which loop version, what happened. */
export interface GovernanceDecisionInput {
  loaded: LoadedLoop;
  mode: 'review' | 'feedback';
  eventType: string;
  input: JsonObject;
  now: Date;
  /** The config version and commit the decision cites (default: the loop's current ones). */
  configVersion?: string;
  gitSha?: string | null;
  parentIds?: string[];
  rootId?: string;
  id?: string;
}

/**
 * A decision for a person's action or a monitor's finding: its output, effects, trace and reasons
 * are a function of its input, so `replay` recomputes them and `explain` shows them like any other.
 */
export function governanceDecision(g: GovernanceDecisionInput): Decision {
  const id = g.id ?? newId('dec', g.now);
  const parts = governanceParts(g.eventType, id, g.input, g.loaded.loop, g.loaded.config);
  const now = g.now.toISOString();
  return {
    id,
    loop: g.loaded.name,
    loopVersion: g.loaded.loop.version,
    configVersion: g.configVersion ?? g.loaded.version,
    gitSha: g.gitSha === undefined ? g.loaded.gitSha : g.gitSha,
    mode: g.mode,
    subject: parts.subject,
    eventId: null,
    eventType: g.eventType,
    parentIds: g.parentIds ?? [],
    rootId: g.rootId ?? id,
    input: g.input,
    output: parts.output,
    effects: parts.effects,
    trace: parts.trace,
    reasons: parts.reasons,
    confidence: parts.confidence,
    reads: [],
    agentAnswers: [],
    now,
    seed: 0,
    latencyMs: 0,
    createdAt: new Date().toISOString(),
  };
}

/** True for a decision a loop's own review hook made (replayed by running the hook again). */
export function isReviewHookDecision(d: Pick<Decision, 'mode' | 'input'>): boolean {
  return d.mode === 'review' && (d.input as { via?: unknown } | null)?.via === 'loop';
}

/** True for a governance decision whose parts are a function of its input. */
export function isGovernanceDecision(d: Pick<Decision, 'mode' | 'input' | 'eventType'>): boolean {
  return (
    (d.mode === 'review' || d.mode === 'feedback') &&
    !isReviewHookDecision(d) &&
    GOVERNANCE_EVENT_TYPES.includes(d.eventType ?? '')
  );
}

/** What a review hook run is given: the outcome, wrapped so replay can tell it from the default path. */
const HookInput = z.object({
  via: z.literal('loop'),
  outcome: z.custom<ReviewOutcome>((v) => typeof v === 'object' && v !== null),
  as: z.string(),
});

/** The loop as a runner of its review hook: the same loop, config and outputs, with `review` as its logic. */
export function reviewRunner(loop: AnyLoop): AnyLoop {
  const hook = loop.review;
  if (!hook) throw new RevloopsError('USAGE', `loop ${loop.name} has no review hook`);
  return {
    ...loop,
    input: HookInput,
    output: z.unknown(),
    run: async (ctx, input: z.infer<typeof HookInput>) => {
      const decided = await hook(ctx, input.outcome);
      const who = `${input.outcome.outcome} by ${input.outcome.by} (${input.as})`;
      return { ...decided, reasons: [who, ...decided.reasons] };
    },
  };
}

function comparable(d: DecisionParts): Json {
  return JSON.parse(JSON.stringify(d)) as Json;
}

/** Recomputes a governance decision's parts from its input and returns the first difference, if any. */
export function replayGovernance(d: Decision, loop: AnyLoop, config: unknown): FirstDifference | undefined {
  const recorded: DecisionParts = {
    output: d.output,
    effects: d.effects,
    trace: d.trace,
    reasons: d.reasons,
    confidence: d.confidence,
    subject: d.subject,
  };
  let again: DecisionParts;
  try {
    again = governanceParts(d.eventType ?? '', d.id, d.input as JsonObject, loop, config);
  } catch (err) {
    return {
      path: '(run)',
      expected: 'a decision',
      actual: err instanceof Error ? err.message : String(err),
    };
  }
  return firstDifference(comparable(recorded), comparable(again));
}
