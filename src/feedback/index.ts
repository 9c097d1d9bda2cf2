export type { Backtest } from './backtest.js';
export { type MetricRow, type MetricsReport, metricsReport } from './metrics-report.js';
export type { Proposal } from './proposal.js';
export {
  acceptProposal,
  type ConfigChangeResult,
  rejectProposal,
  rollbackProposal,
  shadowProposal,
} from './proposal-actions.js';
export { getProposal, proposals, proposeChange } from './proposals.js';
export { type FeedbackRunReport, type FindingReport, runFeedback } from './run-feedback.js';
export { type ShadowComparison, shadowComparison, storeShadows } from './shadow.js';
export { governanceTask } from './worker-task.js';
