import type { z } from 'zod';
import type { Json } from './outputs.js';

/** A typed semantic task: what an agent is asked and the shape its answer must have. */
export interface AgentTask<I, O> {
  name: string;
  promptVersion: string;
  input: z.ZodType<I>;
  output: z.ZodType<O>;
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

/** How a loop reaches agents. The runtime supplies a live or a recorded gateway. */
export interface AgentGateway {
  ask<I, O>(task: AgentTask<I, O>, input: I): Promise<AgentAnswer<O>>;
}
