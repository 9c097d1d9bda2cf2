// The kernel: what a loop author writes against.
export * from './kernel/index.js';
// Running loops: the engine, workers, plan/apply, modeling, replay and file intake.
export {
  applyPlan,
  type EmitInput,
  Engine,
  type EngineOptions,
  type FirstDifference,
  type ImportOptions,
  type ImportReport,
  type IngestOptions,
  type IngestReport,
  importRecords,
  ingestFile,
  type OutboxDeliverer,
  type Plan,
  type PlanChange,
  type ProcessReport,
  planLoop,
  type ReplayReport,
  type ReplayResult,
  replayAll,
  replayOne,
  runModel,
  runWorker,
  type WorkerOptions,
  type WorkerTotals,
} from './runtime/index.js';
// Sample data: seeded, realistic revenue data sets.
export {
  generateSampleData,
  type LeadCreatedPayload,
  type SampleAccount,
  type SampleActivity,
  type SampleDataCounts,
  type SampleDataOptions,
  type SampleDataStreams,
  type SampleLead,
  type SampleOutcome,
  type SampleUser,
  type UserRole,
  type WriteSampleDataOptions,
  writeSampleData,
} from './sample-data/index.js';
// The store: SQLite or PostgreSQL.
export { defaultLocation, openStore, type Store, type StoreLocation } from './store/index.js';
// Delivering the outbox: transports, the in-app inbox, webhook signatures.
export {
  closeTransports,
  createTransports,
  type DeliverOptions,
  type DeliveryResult,
  deliverOutbox,
  type InboxEntry,
  listInbox,
  type OutboxContent,
  type OutboxMessage,
  type SendContext,
  type Transport,
  type Transports,
  verifySignature,
  type WebhookBody,
} from './surfaces/index.js';
// The workspace: revloops.yaml, loops/*.yaml and the loops they configure.
export {
  type ChannelsConfig,
  type LoadedLoop,
  type LoadOptions,
  loadWorkspace,
  type SecretEnv,
  type Workspace,
  workspaceJsonSchema,
} from './workspace/index.js';
