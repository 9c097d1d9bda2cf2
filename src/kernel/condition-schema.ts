import { z } from 'zod';
import { celProblem } from './condition-cel.js';
import { leafProblem } from './condition-leaf.js';
import {
  CONDITION_OPS,
  type Condition,
  type ConditionOp,
  type ConditionOptions,
  type ConditionScalar,
} from './condition-types.js';

interface ConditionNode {
  all?: ConditionNode[] | undefined;
  any?: ConditionNode[] | undefined;
  not?: ConditionNode | undefined;
  cel?: string | undefined;
  field?: string | undefined;
  op?: ConditionOp | undefined;
  value?: ConditionScalar | ConditionScalar[] | undefined;
}

const FORMS = ['all', 'any', 'not', 'cel', 'field'] as const;

const HELP = {
  all: 'Matches when every condition in the list matches; an empty list matches everything (a catch-all).',
  any: 'Matches when at least one condition in the list matches.',
  not: 'Matches when the condition does not match.',
  cel: 'A CEL expression that must be true, e.g. "lead.grade == \'A\' && lead.employees >= 100". Case-sensitive; a missing field is an error, which does not match (guard with has()).',
  field: "Dotted path of the value to test, e.g. 'company.employees'.",
  op: 'How to compare the value; string comparisons ignore case, and on a list any member may match (neq, not_in, empty: none may).',
  value:
    'What to compare with: a list for in/not_in, [min, max] for between, an RE2 regex for matches, none for exists/empty.',
};

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

function refineNode(
  c: ConditionNode,
  ctx: z.RefinementCtx,
  variables: Readonly<Record<string, string>>,
): void {
  const forms = FORMS.filter((k) => c[k] !== undefined);
  const fail = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', path, message });
  if (forms.length !== 1) {
    fail(`expected exactly one of all, any, not, cel or field (found ${forms.join(', ') || 'none'})`);
  } else if (forms[0] !== 'field') {
    if (c.op !== undefined || c.value !== undefined)
      fail('op and value belong with field, not with all/any/not/cel');
    if (c.cel !== undefined) {
      const problem = celProblem(c.cel, variables);
      if (problem) fail(problem.message, ['cel']);
    }
  } else if (c.op === undefined) {
    fail(`expected an op: one of ${CONDITION_OPS.join(', ')}`, ['op']);
  } else {
    const problem = leafProblem(c.op, c.value);
    if (problem) fail(problem, ['value']);
  }
}

/**
 * The zod schema of a condition, for use inside any loop's config schema: an unknown operator,
 * a value that does not fit its operator, a bad regex or a CEL expression that does not compile
 * fails validation at its path (so `revloops validate` names the file and line). `celVariables`
 * are the names CEL expressions may use, as for `compileCondition`.
 */
export function conditionSchema(options: ConditionOptions = {}): z.ZodType<Condition> {
  const variables = options.celVariables ?? {};
  const node: z.ZodType<ConditionNode> = z.lazy(() =>
    z
      .strictObject({
        all: z.array(node).optional().describe(HELP.all),
        any: z.array(node).min(1, 'any needs at least one condition').optional().describe(HELP.any),
        not: node.optional().describe(HELP.not),
        cel: z.string().optional().describe(HELP.cel),
        field: z.string().min(1).optional().describe(HELP.field),
        op: z.enum(CONDITION_OPS).optional().describe(HELP.op),
        value: z
          .union([Scalar, z.array(Scalar)])
          .optional()
          .describe(HELP.value),
      })
      .superRefine((c, ctx) => refineNode(c, ctx, variables)),
  );
  // The refinement guarantees exactly one form, so what parses is a Condition.
  return node.describe(
    'A condition: {all: [...]}, {any: [...]}, {not: {...}}, {cel: "..."} or {field, op, value}. String comparisons ignore case.',
  ) as unknown as z.ZodType<Condition>;
}

/** The condition schema with no CEL variables declared (a CEL expression may then use none). */
export const ConditionSchema = conditionSchema();
