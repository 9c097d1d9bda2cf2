export { type FirstDifference, firstDifference } from './diff.js';
export { type EmitInput, Engine, type EngineOptions, type ProcessReport } from './engine.js';
export { noAgents } from './recording.js';
export { type ReplayReport, type ReplayResult, replayAll, replayDecision, replayOne } from './replay.js';
