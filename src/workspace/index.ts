export { canonicalJson, contentHash, shortVersion } from './canonical.js';
export { ChannelsConfig, type SecretEnv } from './channels-config.js';
export { workspaceJsonSchema } from './json-schema.js';
export { type LoadOptions, loadWorkspace, registryFor } from './load.js';
export type { LoopRegistry } from './registry.js';
export { scheduleOf } from './schedules.js';
export type { LoadedLoop, Workspace } from './types.js';
export { readYaml, zodIssues } from './yaml-source.js';
