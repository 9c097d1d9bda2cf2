export { type CompileOptions, compileMapping, type MappedRow, type RowMapper } from './compile-mapping.js';
export { convertValue } from './convert-value.js';
export { IMPORTABLE_KINDS, type ImportOptions, type ImportReport, importRecords } from './import-records.js';
export { type IngestOptions, type IngestReport, ingestFile } from './ingest-file.js';
export { type LocatedMapping, readMappingFile, workspaceMapping } from './mapping-file.js';
export { type IntakeProgress, openRows, type RejectedRow } from './open-rows.js';
export { parseDate } from './parse-date.js';
export type { MappingOrigin } from './resolve-columns.js';
