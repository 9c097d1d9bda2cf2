import { type Db, listOutboxForRecipient, type OutboxStatus } from '../store/index.js';
import {
  type ChannelsConfig,
  DEFAULT_ROUTES,
  inAppChannels,
  resolveTransportKind,
} from '../workspace/channels-config.js';
import { type OutboxMessage, type Transport, toOutboxMessage } from './outbox-message.js';

/** In-app delivery: the outbox row is the inbox entry, so sending is marking it delivered. */
export function inAppTransport(): Transport {
  return { kind: 'inApp', send: async () => {} };
}

/** One entry of a person's in-app inbox. */
export interface InboxEntry {
  message: OutboxMessage;
  status: OutboxStatus;
  deliveredAt: string | null;
}

/**
 * A recipient's in-app inbox, newest first: delivered messages on channels that route to inApp
 * (with the default routes unless `channels` is given). Rows with unreadable payloads are skipped.
 */
export async function listInbox(
  db: Db,
  recipient: string,
  options: { channels?: ChannelsConfig; limit?: number; includePending?: boolean } = {},
): Promise<InboxEntry[]> {
  const channels = options.channels ?? { routes: {} };
  const statuses: OutboxStatus[] = options.includePending
    ? ['delivered', 'pending', 'failed']
    : ['delivered'];
  const limit = options.limit ?? 100;
  // With inApp as the default transport, every channel not routed elsewhere is in-app.
  const rows =
    channels.defaultTransport === 'inApp'
      ? await listOutboxForRecipient(db, {
          recipient,
          excludeChannels: [
            ...new Set([...Object.keys(DEFAULT_ROUTES), ...Object.keys(channels.routes)]),
          ].filter((name) => resolveTransportKind(channels, name) !== 'inApp'),
          statuses,
          limit,
        })
      : await listOutboxForRecipient(db, { recipient, channels: inAppChannels(channels), statuses, limit });
  const entries: InboxEntry[] = [];
  for (const row of rows) {
    try {
      entries.push({
        message: toOutboxMessage(row),
        status: row.status as OutboxStatus,
        deliveredAt: row.delivered_at,
      });
    } catch {
      // A row that cannot be read is dead-lettered by delivery; the inbox just leaves it out.
    }
  }
  return entries;
}
