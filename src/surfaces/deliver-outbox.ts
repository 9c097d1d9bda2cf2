import { RevloopsError } from '../kernel/index.js';
import {
  claimOutbox,
  failOutbox,
  markOutboxDelivered,
  type OutboxTable,
  outboxBackoffMs,
  type Store,
} from '../store/index.js';
import {
  type ChannelsConfig,
  resolveTransportKind,
  type SecretEnv,
  type TransportKind,
} from '../workspace/channels-config.js';
import { emailTransport } from './email-transport.js';
import { inAppTransport } from './in-app.js';
import { isPermanentFailure, type Transport, toOutboxMessage } from './outbox-message.js';
import { slackTransport } from './slack-transport.js';
import { webhookTransport } from './webhook-transport.js';

/** The transports a delivery pass may use, by kind. */
export type Transports = Partial<Record<TransportKind, Transport>>;

/** How a delivery pass runs. Only `now` is required. */
export interface DeliverOptions {
  /** The pass's instant: what is due, when retries fall, what the webhook timestamp says. */
  now: Date;
  /** Most rows claimed in this pass (default 100). */
  limit?: number;
  /** Tries before a row goes dead (default 8: with the default backoff, about an hour of retries). */
  maxAttempts?: number;
  /** Wait before try n+1 after n failed tries (default 30 s doubling, capped at 1 h). */
  backoffMs?: (attempt: number) => number;
  /** How long a claimed row is held for this worker before another may take it (default 5 min). */
  leaseMs?: number;
  /** Sends in flight at once (default 8). */
  concurrency?: number;
  /** Where secrets named by `*Env` fields are read (default process.env). */
  env?: SecretEnv;
  /** Transports to use instead of building them from `channels`; the caller closes them. */
  transports?: Transports;
}

/** What a delivery pass did: rows sent, rows that will be retried, rows given up on. */
export interface DeliveryResult {
  delivered: number;
  failed: number;
  dead: number;
  /** The earliest next try of the rows that failed in this pass; absent when none did. */
  nextRetryAt?: string;
}

/** Builds the configured transports; in-app is always there. Close them with `closeTransports`. */
export function createTransports(channels: ChannelsConfig, env: SecretEnv = process.env): Transports {
  const transports: Transports = { inApp: inAppTransport() };
  if (channels.slack) transports.slack = slackTransport(channels.slack, env);
  if (channels.email) transports.email = emailTransport(channels.email, env);
  if (channels.webhook) transports.webhook = webhookTransport(channels.webhook, env);
  return transports;
}

/** Releases every transport's connections. */
export async function closeTransports(transports: Transports): Promise<void> {
  await Promise.all(Object.values(transports).map((t) => t.close?.()));
}

function pickTransport(channels: ChannelsConfig, transports: Transports, channel: string): Transport {
  const kind = resolveTransportKind(channels, channel);
  if (!kind) {
    throw new RevloopsError('CONFIG_INVALID', `no transport for channel ${channel}`, [
      { path: `channels.routes.${channel}`, message: 'map this channel to slack, email, webhook or inApp' },
    ]);
  }
  const transport = transports[kind];
  if (!transport) {
    throw new RevloopsError(
      'CONFIG_INVALID',
      `channel ${channel} routes to ${kind}, which is not configured`,
      [{ path: `channels.${kind}`, message: `configure ${kind} or route ${channel} elsewhere` }],
    );
  }
  return transport;
}

async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * One delivery pass: claims due outbox rows, sends each through the transport its channel routes to,
 * and records the outcome. Idempotent per row: a delivered row is never claimed again, and the outbox
 * id travels with every try (Idempotency-Key, Message-ID) so a receiver can drop a re-send after a crash.
 */
export async function deliverOutbox(
  store: Store,
  channels: ChannelsConfig,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const now = options.now.toISOString();
  const leaseUntil = new Date(options.now.getTime() + (options.leaseMs ?? 300_000)).toISOString();
  const rows = await store.transaction((trx) =>
    claimOutbox(trx, store.dialect, { limit: options.limit ?? 100, now, leaseUntil }),
  );
  const result: DeliveryResult = { delivered: 0, failed: 0, dead: 0 };
  if (rows.length === 0) return result;
  const transports = options.transports ?? createTransports(channels, options.env);
  try {
    await eachLimit(rows, options.concurrency ?? 8, async (row: OutboxTable) => {
      try {
        const message = toOutboxMessage(row);
        await pickTransport(channels, transports, row.channel).send(message, {
          db: store.db,
          now: options.now,
        });
      } catch (err) {
        const failure = await failOutbox(store.db, {
          id: row.id,
          error: err instanceof Error ? err.message : String(err),
          now,
          maxAttempts: options.maxAttempts ?? 8,
          backoffMs: options.backoffMs ?? outboxBackoffMs,
          permanent: isPermanentFailure(err),
        });
        if (!failure) return;
        result[failure.status]++;
        const soonest = result.nextRetryAt === undefined || failure.nextAttemptAt < result.nextRetryAt;
        if (failure.status === 'failed' && soonest) result.nextRetryAt = failure.nextAttemptAt;
        return;
      }
      if (await markOutboxDelivered(store.db, { id: row.id, now })) result.delivered++;
    });
  } finally {
    if (!options.transports) await closeTransports(transports);
  }
  return result;
}
