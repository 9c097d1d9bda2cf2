import type { MetricSummary } from './feedback.js';
import type { Effect, Json } from './outputs.js';
import type { TraceEntry } from './trace.js';

/** What a metric sees of each decision. */
export interface DecisionFacts {
  loop: string;
  input: Json;
  output: Json;
  confidence: number | null;
  effects: readonly Effect[];
  trace: readonly TraceEntry[];
  latencyMs: number;
  /** The decision's id, subject and instant, when the metric reads stored decisions. */
  id?: string;
  subject?: string | null;
  now?: string;
}

/**
 * What a metric counts once: given, each key (an opportunity id) counts once, from the latest
 * decision (by its instant, then its id) that the metric observes with that key, so several runs
 * over the same subject (history passes as of past dates) do not count it again.
 */
type Once = { once?: (d: DecisionFacts) => string | undefined };

/**
 * A metric a loop declares. `count` counts decisions where `observe` is true, `value`
 * aggregates a number, `mix` counts each label observed (grades, rules hit, queues).
 */
export type MetricSpec = Once &
  (
    | { name: string; description: string; kind: 'count'; observe: (d: DecisionFacts) => boolean }
    | {
        name: string;
        description: string;
        kind: 'value';
        unit: string;
        observe: (d: DecisionFacts) => number | undefined;
        /** Splits the value by a label (a play, a segment); without it the label is empty. */
        label?: (d: DecisionFacts) => string | undefined;
      }
    | { name: string; description: string; kind: 'mix'; observe: (d: DecisionFacts) => string | undefined }
  );

/** One observation of a metric on one decision. */
export interface MetricObservation {
  metric: string;
  label: string;
  value: number;
}

/** Applies every metric of a loop to a decision. */
export function observeMetrics(specs: readonly MetricSpec[], facts: DecisionFacts): MetricObservation[] {
  const out: MetricObservation[] = [];
  for (const spec of specs) {
    if (spec.kind === 'count') {
      if (spec.observe(facts)) out.push({ metric: spec.name, label: '', value: 1 });
    } else if (spec.kind === 'value') {
      const v = spec.observe(facts);
      if (v !== undefined && Number.isFinite(v))
        out.push({ metric: spec.name, label: spec.label?.(facts) ?? '', value: v });
    } else {
      const label = spec.observe(facts);
      if (label !== undefined) out.push({ metric: spec.name, label, value: 1 });
    }
  }
  return out;
}

/** Volume and latency: every loop measures these, so loops can start from them. */
export const baseMetrics: readonly MetricSpec[] = [
  { name: 'decisions', description: 'Decisions made.', kind: 'count', observe: () => true },
  {
    name: 'latency_ms',
    description: 'Time from start of run to decision, in milliseconds.',
    kind: 'value',
    unit: 'ms',
    observe: (d) => d.latencyMs,
  },
  {
    name: 'review_rate',
    description: 'Decisions that sent at least one item to a review queue.',
    kind: 'count',
    observe: (d) => d.effects.some((e) => e.kind === 'review_item'),
  },
];

/** Adds one observation to rollups by metric and label (count, sum, min, max), as the store keeps them. */
export function rollUp(rows: Map<string, MetricSummary>, o: MetricObservation): void {
  const key = `${o.metric}\u0000${o.label}`;
  const r = rows.get(key);
  if (r) {
    r.count++;
    r.sum += o.value;
    r.min = Math.min(r.min, o.value);
    r.max = Math.max(r.max, o.value);
  } else
    rows.set(key, { metric: o.metric, label: o.label, count: 1, sum: o.value, min: o.value, max: o.value });
}
