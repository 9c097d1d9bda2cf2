import { RE2JS } from 're2js';
import { requiredLiterals } from './condition-prefilter.js';

/** The longest regular expression `matches` accepts. */
export const MAX_PATTERN_LENGTH = 200;

function compileRe2(pattern: string): RE2JS {
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}

/**
 * Why a `matches` value is not a usable pattern, or undefined when it is. Patterns use RE2 syntax
 * (no lookaround, no backreferences), so matching takes time linear in the input, whatever the
 * pattern: a config can never stall the engine with catastrophic backtracking.
 */
export function patternProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'matches needs a regular expression as a string';
  if (value.length > MAX_PATTERN_LENGTH)
    return `the pattern is ${value.length} characters; at most ${MAX_PATTERN_LENGTH} are allowed`;
  try {
    compileRe2(value);
    return undefined;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace('`(?i)', '`') : String(err);
    return `the pattern is not a valid RE2 regular expression (${detail}); RE2 has no lookaround or backreferences`;
  }
}

const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/**
 * Compiles a checked pattern into an unanchored, case-insensitive test with RE2 semantics, in
 * time linear in the text (re2js never backtracks). When the pattern guarantees literals (see
 * requiredLiterals), text containing none of them cannot match and is refused first by a plain
 * alternation of those literals: it has no quantifier, so even a backtracking engine runs it in
 * time linear in the text, and V8 runs it far faster than re2js. Its `iu` flags fold case by
 * Unicode simple case folding, as RE2 does (the Kelvin sign is k, the long s is s). Whatever
 * passes goes to re2js, which alone decides a match.
 */
export function compilePattern(pattern: string): CompiledPattern {
  const re = compileRe2(pattern);
  const literals = requiredLiterals(pattern);
  const prefilter = literals
    ? new RegExp(literals.map((l) => l.replace(SYNTAX, '\\$&')).join('|'), 'iu')
    : undefined;
  return {
    prefilter,
    re,
    test: prefilter ? (text) => prefilter.test(text) && re.test(text) : (text) => re.test(text),
  };
}

/** A compiled `matches` pattern: `test` runs it; the hot path may run its two stages itself. */
export interface CompiledPattern {
  /** The literal alternation that refuses most non-matching text, when the pattern has one. */
  readonly prefilter: RegExp | undefined;
  /** RE2, which alone decides a match. */
  readonly re: { test(text: string): boolean };
  readonly test: (text: string) => boolean;
}
