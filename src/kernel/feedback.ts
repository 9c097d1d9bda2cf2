import type { Json } from './outputs.js';

/** A summary of one metric over a window, as feedback sees it. */
export interface MetricSummary {
  metric: string;
  label: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** A proposed change to one config field, with the value it replaces. */
export interface ConfigPatch {
  path: string;
  from: Json;
  to: Json;
}

/** What a feedback check found: an alert for the owner, or a proposal with evidence. */
export interface Finding {
  feedback: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  evidence: Json;
  patch?: ConfigPatch[];
}

/**
 * Feedback a loop declares. Level 1 tunes declared tunables within bounds, level 2 alerts
 * humans, level 3 proposes config changes with evidence for a person to accept.
 */
export interface FeedbackSpec<C = unknown> {
  name: string;
  description: string;
  level: 1 | 2 | 3;
  /** The metrics this feedback reads; each must be declared by the loop. */
  reads: readonly string[];
  evaluate: (metrics: readonly MetricSummary[], config: C) => Finding[];
}
