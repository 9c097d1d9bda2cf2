export {
  ChannelsConfig,
  DEFAULT_ROUTES,
  inAppChannels,
  readSecret,
  resolveTransportKind,
  type SecretEnv,
  TransportKind,
} from '../workspace/channels-config.js';
export {
  closeTransports,
  createTransports,
  type DeliverOptions,
  type DeliveryResult,
  deliverOutbox,
  type Transports,
} from './deliver-outbox.js';
export { type EmailConfig, emailSubject, emailTransport, resolveEmailAddress } from './email-transport.js';
export { HTTP_TIMEOUT_MS, postJson } from './http-post.js';
export { type InboxEntry, inAppTransport, listInbox } from './in-app.js';
export {
  dataLines,
  isPermanentFailure,
  messageText,
  messageTitle,
  type OutboxContent,
  type OutboxMessage,
  type SendContext,
  type Transport,
  toOutboxMessage,
} from './outbox-message.js';
export { type SlackConfig, slackBody, slackTransport } from './slack-transport.js';
export { computeSignature, signatureHeader, verifySignature } from './webhook-signature.js';
export { type WebhookBody, type WebhookConfig, webhookBody, webhookTransport } from './webhook-transport.js';
