import type { z } from 'zod';
import { type ErrorCode, RevloopsError } from './errors.js';
import type { Json } from './outputs.js';
import type { Trace } from './trace.js';

/** What the built-in heuristic provider works out for a task: an answer with its confidence and why. */
export interface HeuristicAnswer<O> {
  answer: O;
  confidence: number;
  reasoning: string;
}

/**
 * A typed semantic task: what an agent is asked and the shape its answer must have. LLM providers
 * get `instructions` and the input as the prompt and must answer in the `output` shape; the
 * built-in heuristic provider calls `heuristic`, a deterministic algorithm (similarity, signal
 * agreement, template composition, rubric checks) that does the same job offline.
 */
export interface AgentTask<I, O> {
  name: string;
  promptVersion: string;
  /** What the task asks, in plain words, for LLM providers. */
  instructions: string;
  input: z.ZodType<I>;
  output: z.ZodType<O>;
  /** The offline algorithm behind the heuristic provider. Pure: no I/O, no clock, no randomness. */
  heuristic: (input: I) => HeuristicAnswer<O>;
}

/** An agent's answer with the confidence that decides fire, review or triage. */
export interface AgentAnswer<O> {
  answer: O;
  confidence: number;
  reasoning: string;
  provider: string;
  model: string;
  latencyMs: number;
  tokens: number;
}

/** The agent answer as stored with a decision, so replay reuses it. */
export interface RecordedAnswer extends AgentAnswer<Json> {
  task: string;
  input: Json;
}

/** An agent call that failed, as stored with a decision, so replay fails it the same way. */
export interface RecordedFailure {
  task: string;
  input: Json;
  /** The error the call threw (AGENT_UNAVAILABLE with its reason, as a rule). */
  error: { code: ErrorCode; message: string };
}

/** One agent call of a decision: its answer, or the error it ended with. */
export type RecordedAgentCall = RecordedAnswer | RecordedFailure;

/** True when a recorded call is a failure. */
export function isRecordedFailure(call: RecordedAgentCall): call is RecordedFailure {
  return 'error' in call;
}

/** How a loop reaches agents. The runtime supplies a live or a recorded gateway. */
export interface AgentGateway {
  ask<I, O>(task: AgentTask<I, O>, input: I): Promise<AgentAnswer<O>>;
  /** The gateway for runs of one loop, so usage and budgets count per loop; absent if it does not matter. */
  forLoop?(loop: string): AgentGateway;
}

/** Where an answer goes, by its confidence and a loop's thresholds. */
export type ConfidenceRoute = 'fire' | 'review' | 'triage';

/** The two thresholds a loop's config sets for an agent step. */
export interface ConfidenceThresholds {
  /** At or above: the answer is applied. */
  autoAccept: number;
  /** At or above (and below autoAccept): a person reviews it; below: triage. */
  review: number;
}

/** Sends an answer to fire, review or triage by its confidence. */
export function routeByConfidence(confidence: number, t: ConfidenceThresholds): ConfidenceRoute {
  if (confidence >= t.autoAccept) return 'fire';
  if (confidence >= t.review) return 'review';
  return 'triage';
}

/** What an agent step came to: the answer and where it goes, or why there is no answer. */
export type AgentOutcome<O> =
  | { ok: true; route: ConfidenceRoute; answer: O; confidence: number; reasoning: string }
  | { ok: false; route: 'review'; reason: string };

/** What `askAgent` needs from a loop's context. */
interface AskContext {
  readonly agents: AgentGateway;
  readonly trace: Trace;
}

/**
 * Asks an agent task and routes its answer by confidence, writing the call to the trace. A
 * provider that fails (timeout, error, malformed answer, budget spent) throws AGENT_UNAVAILABLE;
 * the outcome is then `review` with the reason, never a silent guess.
 */
export async function askAgent<I, O>(
  ctx: AskContext,
  task: AgentTask<I, O>,
  input: I,
  thresholds: ConfidenceThresholds,
): Promise<AgentOutcome<O>> {
  let a: AgentAnswer<O>;
  try {
    a = await ctx.agents.ask(task, input);
  } catch (err) {
    if (!(err instanceof RevloopsError) || err.code !== 'AGENT_UNAVAILABLE') throw err;
    ctx.trace.step('agent-unavailable', { task: task.name, reason: err.message });
    return { ok: false, route: 'review', reason: err.message };
  }
  const route = routeByConfidence(a.confidence, thresholds);
  ctx.trace.agent({
    task: task.name,
    provider: a.provider,
    model: a.model,
    promptVersion: task.promptVersion,
    latencyMs: a.latencyMs,
    tokens: a.tokens,
    confidence: a.confidence,
    reasoning: a.reasoning,
    answer: a.answer as Json,
    route,
  });
  return { ok: true, route, answer: a.answer, confidence: a.confidence, reasoning: a.reasoning };
}
