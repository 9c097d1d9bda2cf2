import { type Facts, lookupFact, quoteFact } from './facts.js';
import { round3 } from './string-similarity.js';

/** A structured check of one fact. Text comparisons ignore case. */
export type FactCheck =
  | { op: 'exists' }
  | { op: 'equals'; value: string | number | boolean }
  | { op: 'oneOf'; values: readonly (string | number)[] }
  | { op: 'atLeast'; value: number }
  | { op: 'atMost'; value: number }
  | { op: 'between'; min: number; max: number }
  /** The text contains the value, or the list has it as an item. */
  | { op: 'contains'; value: string }
  | { op: 'containsAny'; values: readonly string[] };

/** One criterion of a rubric: what it asks, which fact it reads, and the check. */
export interface RubricCriterion {
  id: string;
  description: string;
  /** Dotted path into the facts, e.g. `company.employees`. */
  fact: string;
  check: FactCheck;
  /** How much it counts (default 1). */
  weight?: number;
  /** An unmet required criterion fails the rubric whatever else is met. */
  required?: boolean;
}

/** The verdict on one criterion with the fact quoted. */
export interface CriterionResult {
  id: string;
  description: string;
  status: 'met' | 'unmet' | 'unknown';
  /** The fact as read (`employees = 250`) and the check, or why it could not be checked. */
  evidence: string;
  weight: number;
  required: boolean;
}

/** The rubric's verdict: passed (null when unknown facts could still change it), with every criterion. */
export interface RubricResult {
  passed: boolean | null;
  /** Met weight over all weight (unknown counts as not met). */
  score: number;
  /** The share of the weight the facts could check. */
  confidence: number;
  results: CriterionResult[];
  reasoning: string;
}

const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);

function describeCheck(c: FactCheck): string {
  switch (c.op) {
    case 'exists':
      return 'is known';
    case 'equals':
      return `equals ${JSON.stringify(c.value)}`;
    case 'oneOf':
      return `is one of ${JSON.stringify(c.values)}`;
    case 'atLeast':
      return `>= ${c.value}`;
    case 'atMost':
      return `<= ${c.value}`;
    case 'between':
      return `between ${c.min} and ${c.max}`;
    case 'contains':
      return `contains ${JSON.stringify(c.value)}`;
    case 'containsAny':
      return `contains any of ${JSON.stringify(c.values)}`;
  }
}

/** Applies a check to a known value: true/false, or a reason it does not apply to a value of that type. */
function apply(c: FactCheck, value: unknown): boolean | string {
  switch (c.op) {
    case 'exists':
      return true;
    case 'equals':
      return lower(value) === lower(c.value);
    case 'oneOf':
      return c.values.some((v) => lower(v) === lower(value));
    case 'atLeast':
    case 'atMost':
    case 'between': {
      if (typeof value !== 'number') return 'is not a number';
      if (c.op === 'atLeast') return value >= c.value;
      if (c.op === 'atMost') return value <= c.value;
      return value >= c.min && value <= c.max;
    }
    case 'contains':
    case 'containsAny': {
      const wanted = (c.op === 'contains' ? [c.value] : c.values).map((w) => w.toLowerCase());
      if (typeof value === 'string') return wanted.some((w) => value.toLowerCase().includes(w));
      if (Array.isArray(value)) return value.some((v) => wanted.includes(String(v).toLowerCase()));
      return 'is neither text nor a list';
    }
  }
}

function checkCriterion(c: RubricCriterion, facts: Facts): CriterionResult {
  const base = { id: c.id, description: c.description, weight: c.weight ?? 1, required: c.required ?? false };
  const fact = lookupFact(facts, c.fact);
  if (!fact.found) return { ...base, status: 'unknown', evidence: `${c.fact} is not known` };
  const quoted = quoteFact(c.fact, fact.value);
  const verdict = apply(c.check, fact.value);
  if (typeof verdict === 'string')
    return {
      ...base,
      status: 'unknown',
      evidence: `${quoted} ${verdict}, so it cannot be checked (${describeCheck(c.check)})`,
    };
  return {
    ...base,
    status: verdict ? 'met' : 'unmet',
    evidence: `${quoted} ${verdict ? 'satisfies' : 'fails'} ${describeCheck(c.check)}`,
  };
}

/**
 * Checks research facts against a rubric, criterion by criterion, quoting the fact behind each
 * verdict; a fact that is missing or of the wrong type is `unknown`, never assumed. The rubric
 * passes when the met weight reaches `passScore` of the total even if every unknown turned out
 * unmet, fails when it cannot reach it even if every unknown were met (or a required criterion is
 * unmet), and is undecided (null) otherwise.
 */
export function checkRubric(
  criteria: readonly RubricCriterion[],
  facts: Facts,
  options: { passScore?: number } = {},
): RubricResult {
  const passScore = options.passScore ?? 1;
  const results = criteria.map((c) => checkCriterion(c, facts));
  const weightOf = (status: CriterionResult['status']) =>
    results.filter((r) => r.status === status).reduce((s, r) => s + r.weight, 0);
  const total = results.reduce((s, r) => s + r.weight, 0);
  const met = weightOf('met');
  const unknown = weightOf('unknown');
  const requiredUnmet = results.filter((r) => r.required && r.status === 'unmet');
  const requiredUnknown = results.some((r) => r.required && r.status === 'unknown');
  let passed: boolean | null = null;
  if (total === 0) passed = null;
  else if (requiredUnmet.length > 0) passed = false;
  else if ((met + unknown) / total < passScore) passed = false;
  else if (!requiredUnknown && met / total >= passScore) passed = true;
  const verdict = passed === null ? 'undecided' : passed ? 'passed' : 'failed';
  const why =
    requiredUnmet.length > 0 ? ` (required ${requiredUnmet.map((r) => r.id).join(', ')} unmet)` : '';
  const lines = results.map((r) => `${r.id} ${r.status}: ${r.evidence}`);
  return {
    passed,
    score: total === 0 ? 0 : round3(met / total),
    confidence: total === 0 ? 0 : round3((total - unknown) / total),
    results,
    reasoning: `${verdict}${why}, met weight ${met} of ${total} (${unknown} unknown): ${lines.join('; ')}`,
  };
}
