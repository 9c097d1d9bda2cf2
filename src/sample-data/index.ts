export { accountAt, accountId, employeesAt } from './accounts.js';
export {
  generateSampleData,
  type ResolvedSampleOptions,
  resolveSampleOptions,
  type SampleDataStreams,
} from './generate.js';
export type { Region } from './geography.js';
export { leadId } from './leads.js';
export { companyFit, isFreeEmail, leadEngagement, leadFit, titlePersona } from './scoring.js';
export type {
  LeadCreatedPayload,
  SampleAccount,
  SampleActivity,
  SampleDataCounts,
  SampleDataOptions,
  SampleLead,
  SampleOutcome,
  SampleUser,
  UserRole,
} from './types.js';
export {
  OUTCOME_COLUMNS,
  outcomeRow,
  type WriteSampleDataOptions,
  writeSampleData,
} from './write-sample-data.js';
export { type CsvCell, csvCell, csvWriter, jsonlWriter, type LineWriter, writeAll } from './writers.js';
