import type { SqoCriteria } from './config.js';
import type { Coverage, DimensionResult } from './contract.js';

/** The framework coverage of a set of dimension results. */
export function coverageOf(framework: string, dims: readonly DimensionResult[]): Coverage {
  const keys = (s: DimensionResult['status']) => dims.filter((d) => d.status === s).map((d) => d.key);
  const covered = keys('evidenced');
  return {
    framework,
    covered,
    contradicted: keys('contradicted'),
    missing: keys('missing'),
    share: dims.length === 0 ? 0 : Math.round((covered.length / dims.length) * 1000) / 1000,
  };
}

/** One SQO criterion checked: which, whether it passed, and why. */
interface CriterionCheck {
  criterion: string;
  passed: boolean;
  reason: string;
}

/** The SQO verdict: every criterion checked, and whether a required dimension is contradicted. */
export interface SqoVerdict {
  qualified: boolean;
  checks: CriterionCheck[];
  /** A required dimension the notes say is absent: a reason to disqualify outright. */
  contradicted: boolean;
  reason: string;
}

function quote(d: DimensionResult): string {
  const q = d.evidence[0];
  return q === undefined ? '' : ` ("${q.length > 120 ? `${q.slice(0, 117)}...` : q}")`;
}

/**
 * Checks SQO criteria: each required dimension evidenced with at least the minimum confidence, and
 * enough of the framework covered. The reason names each failed criterion with its evidence.
 */
export function evaluateSqo(
  dims: readonly DimensionResult[],
  required: readonly string[],
  criteria: SqoCriteria,
  coverage: Coverage,
): SqoVerdict {
  const checks: CriterionCheck[] = required.map((key) => {
    const d = dims.find((x) => x.key === key);
    if (!d) return { criterion: key, passed: false, reason: `${key} is not a dimension of the framework` };
    const c = d.confidence.toFixed(2);
    if (d.status === 'contradicted')
      return { criterion: key, passed: false, reason: `${d.label} is contradicted${quote(d)}` };
    if (d.status === 'missing')
      return { criterion: key, passed: false, reason: `${d.label} has no evidence` };
    if (d.confidence < criteria.minConfidence)
      return {
        criterion: key,
        passed: false,
        reason: `${d.label} evidence is weak: confidence ${c} < ${criteria.minConfidence}${quote(d)}`,
      };
    return { criterion: key, passed: true, reason: `${d.label} evidenced, confidence ${c}${quote(d)}` };
  });
  checks.push({
    criterion: 'coverage',
    passed: coverage.share >= criteria.minCoverage,
    reason: `${coverage.covered.length} of ${dims.length} dimensions evidenced (${coverage.share}); at least ${criteria.minCoverage} needed`,
  });
  const failed = checks.filter((c) => !c.passed);
  const contradicted = required.some((k) => dims.find((d) => d.key === k)?.status === 'contradicted');
  return {
    qualified: failed.length === 0,
    checks,
    contradicted,
    reason:
      failed.length === 0
        ? `meets the SQO criteria: ${checks.map((c) => c.reason).join('; ')}`
        : `misses the SQO criteria: ${failed.map((c) => c.reason).join('; ')}`,
  };
}
