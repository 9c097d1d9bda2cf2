/** The kinds of output a loop may declare. A loop can only produce what it declares. */
export type OutputKind =
  | 'decision'
  | 'record_write'
  | 'task'
  | 'notification'
  | 'handoff'
  | 'review_item'
  | 'escalation';

/** All output kinds, in a stable order. */
export const OUTPUT_KINDS: readonly OutputKind[] = [
  'decision',
  'record_write',
  'task',
  'notification',
  'handoff',
  'review_item',
  'escalation',
];

/** JSON-compatible value: what inputs, outputs and traces are made of. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** A write to a record of work (lead, account, opportunity, ...). */
export interface RecordWrite {
  kind: 'record_write';
  id: string;
  record: string;
  recordId: string;
  /** upsert replaces the fields, patch merges them, delete removes the record. */
  op: 'upsert' | 'patch' | 'delete';
  values: JsonObject;
}

/** A task for a person or role, stored as a `task` record. */
export interface TaskEffect {
  kind: 'task';
  id: string;
  title: string;
  assignee: string;
  dueAt?: string;
  subject?: string;
  details?: JsonObject;
}

/** A message to a channel, delivered through the outbox. */
export interface NotificationEffect {
  kind: 'notification';
  id: string;
  channel: string;
  to: string;
  message: string;
  data?: JsonObject;
}

/** A typed event handed to the next loop in the chain. */
export interface HandoffEffect {
  kind: 'handoff';
  id: string;
  type: string;
  subject?: string;
  payload: JsonObject;
}

/** An item a person must act on, in a named queue. */
export interface ReviewItemEffect {
  kind: 'review_item';
  id: string;
  queue: string;
  assignee?: string;
  subject?: string;
  proposedAction: JsonObject;
  confidence?: number;
  reasoning: string;
  slaHours?: number;
}

/** A problem raised to a person above the usual owner. */
export interface EscalationEffect {
  kind: 'escalation';
  id: string;
  to: string;
  reason: string;
  subject?: string;
  data?: JsonObject;
}

/** Everything a decision caused besides its own output. */
export type Effect =
  | RecordWrite
  | TaskEffect
  | NotificationEffect
  | HandoffEffect
  | ReviewItemEffect
  | EscalationEffect;
