import type { RecordedAgentCall } from './agents.js';
import type { Effect, Json } from './outputs.js';
import type { TraceEntry } from './trace.js';

/**
 * How a decision was made: `review` for a person's action on a review item, `feedback` for a
 * monitor's finding or a change to a loop's config (a proposal accepted, rejected or rolled back).
 */
export type DecisionMode = 'live' | 'simulation' | 'shadow' | 'replay' | 'review' | 'feedback';

/** A record read during a run, kept so replay sees the same data. */
export interface RecordedRead {
  key: string;
  result: Json;
}

/** One row per decision, whatever the loop: everything needed to explain and replay it. */
export interface Decision {
  id: string;
  loop: string;
  loopVersion: string;
  configVersion: string;
  gitSha: string | null;
  mode: DecisionMode;
  subject: string | null;
  eventId: string | null;
  eventType: string | null;
  parentIds: string[];
  rootId: string;
  input: Json;
  output: Json;
  effects: Effect[];
  trace: TraceEntry[];
  reasons: string[];
  confidence: number | null;
  reads: RecordedRead[];
  /** Every agent call of the run, in order: answers, and failures with their error. */
  agentAnswers: RecordedAgentCall[];
  now: string;
  seed: number;
  latencyMs: number;
  createdAt: string;
}
