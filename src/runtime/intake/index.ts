export { IMPORTABLE_KINDS, type ImportOptions, type ImportReport, importRecords } from './import-records.js';
export { type IngestOptions, type IngestReport, ingestFile } from './ingest-file.js';
export { type LocatedMapping, readMappingFile, workspaceMapping } from './mapping-file.js';
export type { IntakeProgress, RejectedRow } from './open-rows.js';
export { loadWorkspaceRecords } from './workspace-records.js';
