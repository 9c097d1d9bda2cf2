export { type FirstDifference, firstDifference } from './diff.js';
export { type EmitInput, Engine, type EngineOptions, type ProcessReport } from './engine.js';
export { importRecords, ingestFile, readMappingFile, workspaceMapping } from './intake/index.js';
export { applyPlan, type Plan, type PlanChange, planLoop } from './materialize.js';
export { type CompareRow, compareArtifacts, latestArtifact, runModel } from './model.js';
export { noAgents } from './recording.js';
export { type ReplayReport, type ReplayResult, replayAll, replayDecision, replayOne } from './replay.js';
export { fireSchedules, type TickReport } from './scheduler.js';
export { type OutboxDeliverer, runWorker, type WorkerOptions, type WorkerTotals } from './worker.js';
