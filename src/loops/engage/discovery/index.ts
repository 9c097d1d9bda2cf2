/**
 * Discovery for the engage loop: qualifies an opportunity from call notes against a framework
 * (BANT, MEDDIC, MEDDPICC or a custom one), with quoted evidence per dimension, then hands it to
 * pursue as an SQO or back to nurture.
 */
export { DiscoveryConfig } from './config.js';
export {
  DiscoveryOutput,
  LeadNurture,
  NOTES_EVENT,
  NURTURE_EVENT,
  OpportunityNotes,
  OpportunitySqo,
  SQO_EVENT,
} from './contract.js';
export { discoverOpportunity } from './discover.js';
export { extractEvidence } from './extract.js';
export { discoveryFeedback } from './feedback.js';
export { discoveryMetrics } from './metrics.js';
