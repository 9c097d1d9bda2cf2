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
  /**
   * The bounds the loop's config sets for a tunable (level 1): a self-tuning change whose `to` is
   * outside them, or that has none, is refused.
   */
  bounds?: { min?: number; max?: number };
}

/**
 * When an accepted change should be reverted: the share of `label` in a mix metric, or the mean
 * of a value metric, over decisions made with the new config, leaving [min, max].
 */
export interface RollbackCriteria {
  metric: string;
  /** The label of a mix metric whose share is watched; absent for a value or count metric. */
  label?: string;
  /** `share`: label count / all counts of the metric; `mean`: sum / count; `rate`: count / decisions. */
  stat: 'share' | 'mean' | 'rate';
  min?: number;
  max?: number;
  /** Fewest decisions with the new config before the band is judged. */
  minDecisions: number;
}

/** What a feedback check found: an alert for the owner, or a proposal with evidence. */
export interface Finding {
  feedback: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  evidence: Json;
  patch?: ConfigPatch[];
  /** For a proposal: the band that would revert it once accepted (default: derived from its backtest). */
  rollback?: RollbackCriteria;
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
