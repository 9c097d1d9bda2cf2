import type { RecordKind } from '../kernel/index.js';

/** Event rows: every input to every loop. */
export interface EventTable {
  id: string;
  type: string;
  subject: string | null;
  payload: string;
  source: string;
  occurred_at: string;
  idempotency_key: string;
  status: 'pending' | 'claimed' | 'done' | 'failed' | 'dead';
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  claimed_by: string | null;
  last_error: string | null;
  parent_decision_id: string | null;
  root_id: string | null;
  created_at: string;
  processed_at: string | null;
}

/** Decision rows: one per loop output, with everything explain and replay need. */
export interface DecisionTable {
  id: string;
  loop: string;
  loop_version: string;
  config_version: string;
  git_sha: string | null;
  mode: string;
  subject: string | null;
  event_id: string | null;
  event_type: string | null;
  parent_ids: string;
  root_id: string;
  input: string;
  output: string;
  effects: string;
  trace: string;
  reasons: string;
  confidence: number | null;
  reads: string;
  agent_answers: string;
  now: string;
  seed: number;
  latency_ms: number;
  created_at: string;
}

/** Every config version ever seen, per loop (and `workspace` for revloops.yaml). */
export interface ConfigVersionTable {
  loop: string;
  hash: string;
  git_sha: string | null;
  source: string;
  content: string;
  first_seen_at: string;
  last_seen_at: string;
}

/** Runs of scheduled, materialized, modeling, replay and simulation work. */
export interface RunTable {
  id: string;
  loop: string;
  kind: string;
  status: string;
  config_version: string | null;
  started_at: string;
  finished_at: string | null;
  summary: string;
}

/** Review items: one mechanism for every loop's queues. */
export interface ReviewItemTable {
  id: string;
  loop: string;
  queue: string;
  decision_id: string;
  subject: string | null;
  assignee: string | null;
  proposed_action: string;
  confidence: number | null;
  reasoning: string;
  status: string;
  due_at: string | null;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
  /** Who resolved the item (0007). */
  resolved_by: string | null;
  /** Escalation levels fired so far, and when the last fired (0007). */
  escalations: number | null;
  escalated_at: string | null;
  updated_at: string | null;
}

/** Proposals: config changes with evidence, from feedback or people. */
export interface ProposalTable {
  id: string;
  loop: string;
  feedback: string;
  title: string;
  evidence: string;
  patch: string;
  status: string;
  config_version: string;
  created_at: string;
  resolved_at: string | null;
  /** The columns below came with 0007: the finding's level and decision, and a fingerprint to dedupe. */
  level: number | null;
  decision_id: string | null;
  fingerprint: string | null;
  /** The loop's YAML file, the patched text and its diff. */
  source: string | null;
  yaml: string | null;
  diff: string | null;
  backtest: string | null;
  rollback: string | null;
  /** Content hash of the patched config. */
  proposed_version: string | null;
  shadow_since: string | null;
  resolved_by: string | null;
  resolution: string | null;
  updated_at: string | null;
}

/** Metric rollups per loop, metric, label and hour. */
interface MetricTable {
  loop: string;
  metric: string;
  label: string;
  bucket: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Outputs that leave the system (notifications, webhooks, escalations), delivered by workers. */
export interface OutboxTable {
  id: string;
  decision_id: string;
  channel: string;
  recipient: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** An API bearer token: the SHA-256 of its secret, its role and user (0008). */
export interface ApiTokenTable {
  id: string;
  hash: string;
  role: string;
  user_id: string;
  label: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** The last tick each scheduled loop fired. */
export interface ScheduleTable {
  loop: string;
  cron: string;
  last_tick_at: string;
  updated_at: string;
}

/** A record of work: fields as JSON plus the indexed columns of its kind. */
export interface RecordTable {
  id: string;
  external_id: string | null;
  data: string;
  version: number;
  created_at: string;
  updated_at: string;
  key1: string | null;
  key2: string | null;
  key3: string | null;
}

/** The record fields copied into indexed columns, per kind (key1, key2, key3). */
export const RECORD_KEYS: Readonly<Record<RecordKind, readonly string[]>> = {
  account: ['domain', 'ownerId', 'territoryId'],
  contact: ['email', 'accountId', 'ownerId'],
  lead: ['email', 'domain', 'ownerId'],
  opportunity: ['accountId', 'ownerId', 'stage'],
  user: ['email', 'teamId', 'role'],
  team: ['name', 'managerId', 'parentId'],
  territory: ['name', 'parentId', 'ownerId'],
  pool: ['name', 'teamId', 'territoryId'],
  task: ['assignee', 'status', 'subject'],
  activity: ['subject', 'type', 'occurredAt'],
  customer: ['accountId', 'status', 'ownerId'],
  usage: ['customerId', 'metric', 'period'],
  campaign_member: ['campaignId', 'contactId', 'status'],
  touch: ['accountId', 'campaignId', 'channel'],
  intent: ['accountId', 'topic', 'occurredAt'],
};

/** A column the database derives from a record's data (see RECORD_DERIVED_COLUMNS). */
export type DerivedColumn = 'routed_on';

/**
 * Fields the database copies from the data into an indexed column of its own, per kind
 * (migration 0010-routing-indexes derives them): an equality filter on a text value reads the
 * column's index, then checks the field in the data as usual.
 */
export const RECORD_DERIVED_COLUMNS: Partial<Record<RecordKind, Readonly<Record<string, DerivedColumn>>>> = {
  lead: { routedOn: 'routed_on' },
};

/** The table that holds each record kind. */
export const RECORD_TABLES = {
  account: 'rec_account',
  contact: 'rec_contact',
  lead: 'rec_lead',
  opportunity: 'rec_opportunity',
  user: 'rec_user',
  team: 'rec_team',
  territory: 'rec_territory',
  pool: 'rec_pool',
  task: 'rec_task',
  activity: 'rec_activity',
  customer: 'rec_customer',
  usage: 'rec_usage',
  campaign_member: 'rec_campaign_member',
  touch: 'rec_touch',
  intent: 'rec_intent',
} as const satisfies Record<RecordKind, string>;

type RecordTables = { [K in (typeof RECORD_TABLES)[RecordKind]]: RecordTable };

/** The whole database, as Kysely sees it. */
export interface Database extends RecordTables {
  events: EventTable;
  decisions: DecisionTable;
  config_versions: ConfigVersionTable;
  runs: RunTable;
  review_items: ReviewItemTable;
  proposals: ProposalTable;
  metrics: MetricTable;
  outbox: OutboxTable;
  schedules: ScheduleTable;
  api_tokens: ApiTokenTable;
}
