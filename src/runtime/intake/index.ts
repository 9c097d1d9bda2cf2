export { IMPORTABLE_KINDS, importRecords } from './import-records.js';
export { ingestFile } from './ingest-file.js';
export { type LocatedMapping, readMappingFile, workspaceMapping } from './mapping-file.js';
export type { IntakeProgress, RejectedRow } from './open-rows.js';
