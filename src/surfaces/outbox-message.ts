import { z } from 'zod';
import { type JsonObject, RevloopsError } from '../kernel/index.js';
import type { Db, OutboxTable } from '../store/index.js';
import type { TransportKind } from '../workspace/channels-config.js';

/** What an outbox row carries: a notification or an escalation, as the runtime wrote it. */
export type OutboxContent =
  | { kind: 'notification'; message: string; data: JsonObject }
  | { kind: 'escalation'; reason: string; subject: string | null; data: JsonObject };

/** An outbox row ready to send. */
export interface OutboxMessage {
  /** The outbox id, also the idempotency key every transport passes on. */
  id: string;
  decisionId: string;
  channel: string;
  recipient: string;
  createdAt: string;
  content: OutboxContent;
}

/** What a transport gets besides the message: the store (to resolve recipients) and the delivery instant. */
export interface SendContext {
  db: Db;
  now: Date;
}

/** Sends messages one way. Throwing means the try failed; a RevloopsError with a config or contract code is final. */
export interface Transport {
  readonly kind: TransportKind;
  send(message: OutboxMessage, ctx: SendContext): Promise<void>;
  /** Releases connections; called once after a delivery pass. */
  close?(): Promise<void>;
}

const Data = z.record(z.string(), z.json()).default({});
const Notification = z.object({ message: z.string(), data: Data });
const Escalation = z.object({ reason: z.string(), subject: z.string().nullable().default(null), data: Data });

function parseContent(id: string, raw: string): OutboxContent {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new RevloopsError('CONTRACT_VIOLATION', `outbox ${id}: payload is not JSON`);
  }
  const notification = Notification.safeParse(value);
  if (notification.success) {
    return {
      kind: 'notification',
      message: notification.data.message,
      data: notification.data.data as JsonObject,
    };
  }
  const escalation = Escalation.safeParse(value);
  if (escalation.success) {
    const { reason, subject, data } = escalation.data;
    return { kind: 'escalation', reason, subject, data: data as JsonObject };
  }
  throw new RevloopsError('CONTRACT_VIOLATION', `outbox ${id}: payload has neither a message nor a reason`);
}

/** Reads an outbox row; a payload that is neither a notification nor an escalation is a contract violation. */
export function toOutboxMessage(row: OutboxTable): OutboxMessage {
  return {
    id: row.id,
    decisionId: row.decision_id,
    channel: row.channel,
    recipient: row.recipient,
    createdAt: row.created_at,
    content: parseContent(row.id, row.payload),
  };
}

/** A one-line title: the first line of a notification, or `Escalation: <reason>`. */
export function messageTitle(message: OutboxMessage): string {
  const c = message.content;
  const line = c.kind === 'notification' ? (c.message.split('\n')[0] ?? '') : `Escalation: ${c.reason}`;
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

function formatValue(v: JsonObject[string]): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The data fields as `key: value` lines, in key order. */
export function dataLines(message: OutboxMessage): string[] {
  const data = message.content.data;
  return Object.keys(data)
    .sort()
    .map((k) => `${k}: ${formatValue(data[k] ?? null)}`);
}

/** The full plain-text body: message (or reason and subject), then the data fields. */
export function messageText(message: OutboxMessage): string {
  const c = message.content;
  const head =
    c.kind === 'notification'
      ? [c.message]
      : [`Escalation: ${c.reason}`, ...(c.subject ? [`Subject: ${c.subject}`] : [])];
  const lines = dataLines(message);
  return [...head, ...(lines.length > 0 ? ['', ...lines] : [])].join('\n');
}

/** A failure that retrying cannot fix (bad config, bad payload, unknown recipient): the row goes dead at once. */
export function isPermanentFailure(err: unknown): boolean {
  return err instanceof RevloopsError && (err.code === 'CONFIG_INVALID' || err.code === 'CONTRACT_VIOLATION');
}
