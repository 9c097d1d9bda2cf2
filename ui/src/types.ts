/** Shapes of the API answers the UI reads (the OpenAPI document at /v1/openapi.json has them all). */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The roles a token can have. */
export type Role = 'admin' | 'ops' | 'manager' | 'rep' | 'agent';

/** Who the signed-in token acts as. */
export interface Me {
  user: string;
  role: Role;
  tokenId: string;
  roles: string[];
  teams: string[];
}

/** One entry of a decision's trace. */
export type TraceEntry =
  | { kind: 'step'; name: string; detail?: JsonObject }
  | { kind: 'rule'; rule: string; matched: boolean; reason: string; detail?: JsonObject }
  | { kind: 'factor'; factor: string; value: Json; contribution: number; reason: string; group?: string }
  | {
      kind: 'agent';
      task: string;
      provider: string;
      model: string;
      latencyMs: number;
      confidence: number;
      reasoning: string;
      answer: Json;
      route: string;
    };

/** A decision row. */
export interface Decision {
  id: string;
  loop: string;
  loopVersion: string;
  configVersion: string;
  gitSha: string | null;
  mode: string;
  subject: string | null;
  eventId: string | null;
  eventType: string | null;
  parentIds: string[];
  rootId: string;
  input: Json;
  output: Json;
  /** The first 200 effects; `effectCount` says how many there are. */
  effects: (JsonObject & { kind: string })[];
  effectCount: number;
  trace: TraceEntry[];
  reasons: string[];
  confidence: number | null;
  latencyMs: number;
  now: string;
  createdAt: string;
}

/** A review item as people see it. */
export interface ReviewItem {
  id: string;
  loop: string;
  queue: string;
  decisionId: string;
  subject: string | null;
  assignee: string | null;
  proposedAction: JsonObject;
  confidence: number | null;
  reasoning: string;
  status: string;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: Json;
}

/** A review item with the decision that created it and the actions taken on it. */
export interface ReviewDetail {
  item: ReviewItem;
  created: Decision | null;
  actions: Decision[];
}

/** A review action's result. */
export interface ReviewActionResult {
  decision: Decision;
  item: ReviewItem;
}

/** One metric before and after a backtest. */
export interface BacktestMetric {
  metric: string;
  label: string;
  stat: 'share' | 'mean' | 'rate';
  before: { count: number; value: number | null };
  after: { count: number; value: number | null };
}

/** A proposal's backtest: recent history re-run with the patched config. */
export interface Backtest {
  since: string;
  until: string;
  decisions: number;
  changed: number;
  failed: number;
  fields: { path: string; changed: number }[];
  examples: {
    decisionId: string;
    subject: string | null;
    changes: { path: string; from: Json; to: Json }[];
  }[];
  metrics: BacktestMetric[];
  stillFires: boolean | null;
  errors: string[];
}

/** A config change proposal. */
export interface Proposal {
  id: string;
  loop: string;
  kind: string;
  level: number;
  title: string;
  status: string;
  evidence: Json;
  patch: { path: string; from: Json; to: Json }[];
  baseVersion: string;
  proposedVersion: string | null;
  source: string | null;
  diff: string | null;
  backtest: Backtest | null;
  rollback: Json;
  decisionId: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: Json;
}

/** One metric (and label) of a loop over a window. */
export interface MetricRow {
  metric: string;
  kind: string;
  label: string;
  description: string;
  count: number;
  share: number | null;
  rate: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** A loop's metrics over a window. */
export interface MetricsReport {
  loop: string;
  since: string;
  until: string;
  decisions: number;
  latency: { p50: number | null; p95: number | null; mean: number | null; max: number | null };
  quality: {
    reviewActions: number;
    approvalRate: number | null;
    editRate: number | null;
    slaBreaches: number;
    proposals: Record<string, number>;
  };
  rows: MetricRow[];
  series?: { bucket: string; metric: string; label: string; count: number; mean: number }[];
}
