export { classifyBySignals, type LabelSignal, type SignalClassification } from './classify-signals.js';
export {
  companyNameSimilarity,
  companyNameTokens,
  compareCompanyNames,
  type NameSimilarity,
  normalizeCompanyName,
} from './company-name.js';
export { type Composition, composeFirst, composeTemplate, type FilledSlot } from './compose-template.js';
export {
  compareDomains,
  type DomainSimilarity,
  domainNameSimilarity,
  domainSimilarity,
  emailDomainOf,
  registrableDomain,
} from './domain.js';
export { type FactLookup, type Facts, lookupFact } from './facts.js';
export { isFreeMailDomain } from './free-mail.js';
export {
  type CandidateRanking,
  type MatchCandidate,
  type MatchQuery,
  type RankedCandidate,
  type RankWeights,
  rankCandidates,
} from './rank-candidates.js';
export {
  type CriterionResult,
  checkRubric,
  type FactCheck,
  type RubricCriterion,
  type RubricResult,
} from './rubric.js';
export { jaroWinkler, levenshteinRatio } from './string-similarity.js';
