export type { FirstDifference } from './diff.js';
export { type EmitInput, Engine, type EngineOptions, type ProcessReport } from './engine.js';
export {
  type ImportOptions,
  type ImportReport,
  type IngestOptions,
  type IngestReport,
  importRecords,
  ingestFile,
  workspaceMapping,
} from './intake/index.js';
export { applyPlan, type Plan, type PlanChange, planLoop } from './materialize.js';
export { compareArtifacts, latestArtifact, runModel } from './model.js';
export { type ReplayReport, type ReplayResult, replayAll, replayOne } from './replay.js';
export { workspaceStoreLocation } from './store-location.js';
export { type OutboxDeliverer, runWorker, type WorkerOptions, type WorkerTotals } from './worker.js';
export { agentUsageLedger, workspaceAgents } from './workspace-agents.js';
