import type { ChannelsConfig } from '../workspace/channels-config.js';
import { readSecret, type SecretEnv } from '../workspace/channels-config.js';
import { postJson } from './http-post.js';
import type { OutboxContent, OutboxMessage, Transport } from './outbox-message.js';
import { signatureHeader } from './webhook-signature.js';

/** The webhook settings of a parsed channels block. */
export type WebhookConfig = NonNullable<ChannelsConfig['webhook']>;

/** The JSON body of a revloops webhook. */
export interface WebhookBody {
  id: string;
  type: OutboxContent['kind'];
  channel: string;
  recipient: string;
  decisionId: string;
  createdAt: string;
  payload: OutboxContent;
}

/** The body a webhook receiver gets for a message. */
function webhookBody(message: OutboxMessage): WebhookBody {
  return {
    id: message.id,
    type: message.content.kind,
    channel: message.channel,
    recipient: message.recipient,
    decisionId: message.decisionId,
    createdAt: message.createdAt,
    payload: message.content,
  };
}

/**
 * POSTs each message as signed JSON. Headers: `X-Revloops-Timestamp` (unix seconds),
 * `X-Revloops-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`, and `Idempotency-Key` (the outbox
 * id, the same on every retry, so a receiver can drop duplicates).
 */
export function webhookTransport(config: WebhookConfig, env: SecretEnv): Transport {
  return {
    kind: 'webhook',
    async send(message, ctx) {
      const secret = readSecret(env, config.secretEnv, 'channels.webhook.secretEnv');
      const body = JSON.stringify(webhookBody(message));
      const timestamp = String(Math.floor(ctx.now.getTime() / 1000));
      await postJson(config.url, body, {
        'x-revloops-timestamp': timestamp,
        'x-revloops-signature': signatureHeader(secret, timestamp, body),
        'idempotency-key': message.id,
        'user-agent': 'revloops-webhook/1',
      });
    },
  };
}
