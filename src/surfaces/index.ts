export {
  closeTransports,
  createTransports,
  type DeliverOptions,
  type DeliveryResult,
  deliverOutbox,
  type Transports,
} from './deliver-outbox.js';
export { type InboxEntry, listInbox } from './in-app.js';
export type { OutboxContent, OutboxMessage, SendContext, Transport } from './outbox-message.js';
export { verifySignature } from './webhook-signature.js';
export type { WebhookBody } from './webhook-transport.js';
