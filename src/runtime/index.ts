export { EffectBatch } from './apply-effects.js';
export type { FirstDifference } from './diff.js';
export {
  type EmitInput,
  Engine,
  type EngineOptions,
  eventKey,
  type ProcessReport,
  sameEvent,
} from './engine.js';
export {
  type GovernanceDecisionInput,
  governanceDecision,
} from './governance-decision.js';
export { newId } from './ids.js';
export {
  type ImportOptions,
  type ImportReport,
  type IngestOptions,
  type IngestReport,
  importRecords,
  ingestFile,
  loadWorkspaceRecords,
  workspaceMapping,
} from './intake/index.js';
export { workspaceLookups } from './lookups.js';
export { applyPlan, type Plan, type PlanChange, planLoop } from './materialize.js';
export { compareArtifacts, latestArtifact, runModel } from './model.js';
export { batchedLines, prettyJsonLines, readPlanFile, writePlanFile } from './plan-file.js';
export { type FreshCounts, recordedFirst } from './recorded-first.js';
export { type ReplayReport, type ReplayResult, replayAll, replayOne } from './replay.js';
export {
  approveReviewItem,
  type EscalationReport,
  escalateOverdue,
  listReviewItemViews,
  REVIEW_METRICS,
  type ReviewActionResult,
  type ReviewItemView,
  reassignReviewItem,
  rejectReviewItem,
  reviewItemDetail,
} from './review.js';
export { type Actor, authorize, type Grant, grantOf, parseAssignee } from './review-auth.js';
export { fieldEdits, setField } from './review-edits.js';
export type { ShadowRun, ShadowSource } from './shadow.js';
export {
  lastSimulation,
  recordSimulation,
  SimulatedRecords,
  type SimulatedRun,
  type SimulationInput,
  type SimulationSummary,
  simulateChange,
} from './simulate.js';
export { workspaceStoreLocation } from './store-location.js';
export { type OutboxDeliverer, runWorker, type WorkerOptions, type WorkerTotals } from './worker.js';
export { agentUsageLedger, workspaceAgents } from './workspace-agents.js';
