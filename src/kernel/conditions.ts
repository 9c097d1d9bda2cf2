import { asCompiled, compileAt } from './condition-compile.js';
import type { CompiledCondition, Condition, ConditionOptions } from './condition-types.js';

export { type CelProblem, celProblem } from './condition-cel.js';
export { type RuleToLint, type ShadowedRule, shadowedRules } from './condition-lint.js';
export { MAX_PATTERN_LENGTH } from './condition-pattern.js';
export { type CompiledRules, compileRules } from './condition-rules.js';
export { ConditionSchema, conditionSchema } from './condition-schema.js';
export * from './condition-types.js';
export { formatValue, getPath, isMissing } from './condition-values.js';

/**
 * Compiles a condition once into closures: no eval, no generated code. Calling the result gives
 * the answer with a plain-language reason (for the trace); its `test` gives the same answer
 * without building strings (for the hot path). Throws CONFIG_INVALID for a malformed leaf, a bad
 * pattern or a CEL expression that does not compile, naming where it is.
 */
export function compileCondition(condition: Condition, options: ConditionOptions = {}): CompiledCondition {
  return asCompiled(compileAt(condition, '', options.celVariables ?? {}));
}
