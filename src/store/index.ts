export * from './open-store.js';
export * from './ops/config-versions.js';
export * from './ops/decisions.js';
export * from './ops/events.js';
export * from './ops/metrics.js';
export * from './ops/outbox.js';
export * from './ops/records.js';
export * from './ops/review-items.js';
export type { Database, EventTable, ConfigVersionTable, OutboxTable, ReviewItemTable } from './schema.js';
