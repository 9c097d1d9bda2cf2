// Agents: the configured provider's gateway and the heuristic algorithms agent tasks are built from.
export * from './agents/index.js';
// The kernel: what a loop author writes against.
export * from './kernel/index.js';
// Running loops: the engine, workers, plan/apply, modeling, replay and file intake.
export * from './runtime/index.js';
// Sample data: seeded, realistic revenue data sets.
export * from './sample-data/index.js';
// The store: SQLite or PostgreSQL.
export { openStore, type Store, type StoreLocation } from './store/index.js';
// Delivering the outbox: transports, the in-app inbox, webhook signatures.
export * from './surfaces/index.js';
// The workspace: revloops.yaml, loops/*.yaml and the loops they configure.
export {
  type ChannelsConfig,
  type LoadedLoop,
  type LoadOptions,
  loadLoopConfigFile,
  loadWorkspace,
  type SecretEnv,
  type Workspace,
  workspaceJsonSchema,
} from './workspace/index.js';
