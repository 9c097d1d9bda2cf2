export * from './kernel/index.js';
export { type EmitInput, Engine, type EngineOptions, type ProcessReport, type ReplayReport, replayAll, replayOne } from './runtime/index.js';
export { openStore, defaultLocation, type Store, type StoreLocation } from './store/index.js';
export { loadWorkspace, type LoadedLoop, type Workspace, workspaceJsonSchema } from './workspace/index.js';
