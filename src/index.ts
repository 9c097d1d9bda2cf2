export * from './kernel/index.js';
export {
  type EmitInput,
  Engine,
  type EngineOptions,
  type ProcessReport,
  type ReplayReport,
  replayAll,
  replayOne,
} from './runtime/index.js';
export { defaultLocation, openStore, type Store, type StoreLocation } from './store/index.js';
export { type LoadedLoop, loadWorkspace, type Workspace, workspaceJsonSchema } from './workspace/index.js';
