export { generateSampleData, type SampleDataStreams } from './generate.js';
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
export { type WriteSampleDataOptions, writeSampleData } from './write-sample-data.js';
