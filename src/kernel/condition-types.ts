/** The leaf operators of a structured condition, in a stable order. */
export const CONDITION_OPS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'starts_with',
  'ends_with',
  'matches',
  'exists',
  'empty',
] as const;

/** The comparison operator of a condition leaf. */
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** A literal a condition compares against. */
export type ConditionScalar = string | number | boolean;

/** A leaf: one field, one operator, one value (a list for in/not_in, [min, max] for between). */
export interface ConditionLeaf {
  field: string;
  op: ConditionOp;
  value?: ConditionScalar | ConditionScalar[];
}

/**
 * A condition, as written in YAML: structured (`all`, `any`, `not`, a leaf) or a CEL expression
 * (`{cel: "lead.grade == 'A'"}`), and the two forms nest freely.
 *
 * Structured leaves compare strings without regard to case. When the field holds a list, a leaf
 * matches if any member matches; `neq`, `not_in` and `empty` are the exact negations of `eq`,
 * `in` and `exists`, so they match when no member does. A missing value (absent, null, blank, or
 * a list of only those) matches only `neq`, `not_in` and `empty`. `all: []` matches everything.
 *
 * CEL follows CEL semantics exactly (case-sensitive, a missing key is an error, and the JSON
 * numbers of a subject are doubles: compare them freely, but `%` needs ints); an expression that
 * fails at run time does not match, and the reason says why. `matches()` is refused in CEL: it
 * would backtrack; a structured `matches` leaf runs RE2.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { cel: string }
  | ConditionLeaf;

/** What a compiled condition answers when asked why: whether it matched, in plain words. */
export interface ConditionResult {
  matched: boolean;
  reason: string;
}

/**
 * A condition compiled once into closures. Call it for the answer with its reason (for the
 * trace); call `test` on the hot path, which builds no strings.
 */
export interface CompiledCondition {
  (subject: unknown): ConditionResult;
  /** Whether the subject matches; the same answer as calling it, without the reason. */
  readonly test: (subject: unknown) => boolean;
}

/** How conditions are compiled: what a CEL expression may name. */
export interface ConditionOptions {
  /**
   * The variables a CEL expression may use, each mapped to where its value is read in the
   * subject: a dotted path, or `''` for the subject itself. `{lead: ''}` lets `lead.grade` read
   * the subject's grade. Any other name in an expression is a config error.
   */
  readonly celVariables?: Readonly<Record<string, string>>;
}
