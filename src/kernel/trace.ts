import type { Json, JsonObject } from './outputs.js';

/** One entry of a decision's trace: how the loop got to its answer. */
export type TraceEntry =
  | { kind: 'step'; name: string; detail?: JsonObject }
  | { kind: 'rule'; rule: string; matched: boolean; reason: string; detail?: JsonObject }
  | { kind: 'factor'; factor: string; value: Json; contribution: number; reason: string; group?: string }
  | {
      kind: 'agent';
      task: string;
      provider: string;
      model: string;
      promptVersion: string;
      latencyMs: number;
      tokens: number;
      confidence: number;
      reasoning: string;
      answer: Json;
      route: 'fire' | 'review' | 'triage';
    };

/** The recorder a loop writes its trace through. Order is kept. */
export interface Trace {
  /** A named stage of the logic, with optional detail. */
  step(name: string, detail?: JsonObject): void;
  /** A rule that was tried: whether it matched and why. */
  rule(rule: string, matched: boolean, reason: string, detail?: JsonObject): void;
  /** A factor and what it contributed to a score. */
  factor(factor: string, value: Json, contribution: number, reason: string, group?: string): void;
  /** An agent call with its answer (the agents layer writes these). */
  agent(entry: Omit<Extract<TraceEntry, { kind: 'agent' }>, 'kind'>): void;
  /** Everything recorded so far. */
  entries(): readonly TraceEntry[];
}

/** Builds an in-memory trace recorder. */
export function createTrace(): Trace {
  const entries: TraceEntry[] = [];
  return {
    step: (name, detail) => entries.push(detail ? { kind: 'step', name, detail } : { kind: 'step', name }),
    rule: (rule, matched, reason, detail) =>
      entries.push(
        detail ? { kind: 'rule', rule, matched, reason, detail } : { kind: 'rule', rule, matched, reason },
      ),
    factor: (factor, value, contribution, reason, group) =>
      entries.push(
        group === undefined
          ? { kind: 'factor', factor, value, contribution, reason }
          : { kind: 'factor', factor, value, contribution, reason, group },
      ),
    agent: (entry) => entries.push({ kind: 'agent', ...entry }),
    entries: () => entries,
  };
}
