export type {
  AgentAnswer,
  AgentGateway,
  AgentOutcome,
  AgentTask,
  ConfidenceRoute,
  ConfidenceThresholds,
  HeuristicAnswer,
  RecordedAgentCall,
  RecordedAnswer,
  RecordedFailure,
} from './agents.js';
export { askAgent, isRecordedFailure, routeByConfidence } from './agents.js';
export * from './conditions.js';
export type { Decided, LoopContext } from './context.js';
export {
  type Decision,
  type DecisionMode,
  type DecisionView,
  KeptRead,
  type RecordedRead,
  recordedReadJson,
  recordedReadsJson,
  type TextPacking,
} from './decision.js';
export {
  type AnyLoop,
  defineLoop,
  type Emit,
  inputContract,
  isLoopDefinition,
  type LoopDefinition,
  type LoopSpec,
} from './define-loop.js';
export {
  DesiredRecord,
  DesiredState,
  desiredStateOf,
  MANAGED_BY,
  MANAGED_FIELDS,
  managedFieldsOf,
} from './desired-state.js';
export { type Clock, fixedClock, type Random, seededRandom } from './determinism.js';
export { type ErrorCode, formatIssue, type Issue, RevloopsError, toRevloopsError } from './errors.js';
export { checkContract, executeLoop, type RunInput, type RunResult } from './execute.js';
export type { ConfigPatch, FeedbackSpec, Finding, MetricSummary, RollbackCriteria } from './feedback.js';
export { parseInstant } from './instants.js';
export { Interner } from './intern.js';
export * from './lookups.js';
export {
  baseMetrics,
  type DecisionFacts,
  type MetricObservation,
  type MetricSpec,
  observeMetrics,
  rollUp,
} from './metrics.js';
export * from './outputs.js';
export * from './people.js';
export * from './records.js';
export type { FieldEdit, ReviewOutcome } from './review.js';
export { configAt, ScheduleConfig, TickInput, tickEventType } from './schedule.js';
export { isTimeZone, type LocalTime, localTime, WEEKDAYS, type Weekday, zonedInstant } from './time-zones.js';
export * from './trace.js';
export * from './triggers.js';
