import { type ASTNode, Environment, type ParseResult } from '@marcbachmann/cel-js';
import type { CompiledPart } from './condition-leaf.js';
import { formatValue, getPath, pathReader } from './condition-values.js';

/** Where a CEL expression is wrong and why: a config error, located inside the expression. */
export interface CelProblem {
  message: string;
  /** 1-based position of the offending character inside the expression. */
  column: number;
}

type Variables = Readonly<Record<string, string>>;

/** Parse-time bounds: a condition is a short predicate, not a program. */
const LIMITS = { maxAstNodes: 1000, maxDepth: 64, maxListElements: 500, maxMapEntries: 100 };

/** An environment that knows exactly the declared variables, so any other name is an error. */
function environment(variables: Variables): Environment {
  const env = new Environment({ limits: LIMITS });
  for (const name of Object.keys(variables)) env.registerVariable(name, 'dyn');
  return env;
}

function problem(expression: string, summary: string, offset: number | undefined): CelProblem {
  const column = (offset ?? 0) + 1;
  return { message: `CEL \`${expression}\`: ${summary} (at column ${column})`, column };
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

interface Walked {
  /** Dotted paths the expression reads from its variables, e.g. `lead.grade`. */
  paths: string[];
  /** A call to the backtracking `matches()`, which conditions refuse. */
  matchesAt?: number;
}

/** Collects the fields an expression reads (for reasons) and finds calls conditions refuse. */
function walk(node: ASTNode, variables: Variables, out: Walked): void {
  const path = selection(node, variables);
  if (path !== undefined) {
    if (!out.paths.includes(path)) out.paths.push(path);
    return;
  }
  if ((node.op === 'call' || node.op === 'rcall') && node.args[0] === 'matches')
    out.matchesAt ??= node.range.start;
  const args: unknown = node.args;
  const visit = (a: unknown): void => {
    if (Array.isArray(a)) a.forEach(visit);
    else if (a !== null && typeof a === 'object' && 'op' in a) walk(a as ASTNode, variables, out);
  };
  if (node.op !== 'value') visit(args);
}

/** `lead.company.name` as a path when the node is a field selection rooted at a declared variable. */
function selection(node: ASTNode, variables: Variables): string | undefined {
  if (node.op === 'id') return Object.hasOwn(variables, node.args) ? node.args : undefined;
  if (node.op !== '.') return undefined;
  const inner = selection(node.args[0], variables);
  return inner === undefined ? undefined : `${inner}.${node.args[1]}`;
}

interface CelCompiled {
  program: ParseResult;
  paths: string[];
}

function compile(expression: string, variables: Variables): CelCompiled | CelProblem {
  const env = environment(variables);
  let program: ParseResult;
  try {
    program = env.parse(expression);
  } catch (err) {
    const range = (err as { range?: { start: number } }).range;
    return problem(expression, `syntax error: ${firstLine(err)}`, range?.start);
  }
  const checked = program.check();
  if (!checked.valid) {
    const names = Object.keys(variables).join(', ') || 'none';
    const summary = firstLine(checked.error).replace(
      /^Unknown variable: (.*)$/,
      `unknown variable '$1' (conditions here may use: ${names})`,
    );
    return problem(expression, summary, checked.error?.range?.start);
  }
  if (checked.type !== 'bool' && checked.type !== 'dyn')
    return problem(expression, `a condition must be true or false, but this gives ${checked.type}`, 0);
  const walked: Walked = { paths: [] };
  walk(program.ast, variables, walked);
  if (walked.matchesAt !== undefined)
    return problem(
      expression,
      'matches() is not allowed in CEL conditions (it backtracks); use a structured {field, op: matches} leaf, which runs RE2 in linear time',
      walked.matchesAt,
    );
  return { program, paths: walked.paths };
}

/** Why a CEL condition is not usable with these variables, or undefined when it is. */
export function celProblem(expression: string, variables: Variables): CelProblem | undefined {
  if (typeof expression !== 'string' || expression.trim() === '')
    return { message: 'cel needs an expression, e.g. "lead.grade == \'A\'"', column: 1 };
  const compiled = compile(expression, variables);
  return 'program' in compiled ? undefined : compiled;
}

/** Builds the CEL activation (variable name to value) from a subject. */
function activation(variables: Variables): (subject: unknown) => Record<string, unknown> {
  const entries = Object.entries(variables).map(([name, path]) => [name, pathReader(path)] as const);
  if (entries.length === 1) {
    const [name, read] = entries[0] as (typeof entries)[number];
    return (s) => ({ [name]: read(s) ?? null });
  }
  return (s) => {
    const out: Record<string, unknown> = {};
    for (const [name, read] of entries) out[name] = read(s) ?? null;
    return out;
  };
}

/**
 * Compiles a CEL condition once; throws the problem's message through `fail` when it does not
 * compile. At run time an expression that errors (a missing key) does not match.
 */
export function compileCel(
  expression: string,
  variables: Variables,
  fail: (problem: CelProblem) => never,
): CompiledPart {
  const compiled = compile(expression, variables);
  if (!('program' in compiled)) return fail(compiled);
  const { program, paths } = compiled;
  const bind = activation(variables);
  const run = (s: unknown): unknown => program(bind(s));
  const seen = (s: unknown): string => {
    const context = bind(s);
    const parts = paths.slice(0, 6).flatMap((p) => {
      const v = getPath(context, p);
      return v !== null && typeof v === 'object' && !Array.isArray(v)
        ? []
        : [`${p} is ${formatValue(v ?? null)}`];
    });
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  };
  return {
    test: (s) => {
      try {
        return run(s) === true;
      } catch {
        return false;
      }
    },
    explain: (s) => {
      let result: unknown;
      try {
        result = run(s);
      } catch (err) {
        return {
          matched: false,
          reason: `\`${expression}\` could not be evaluated: ${firstLine(err)}${seen(s)}`,
        };
      }
      if (typeof result !== 'boolean')
        return { matched: false, reason: `\`${expression}\` gave ${formatValue(result)}, not true or false` };
      return { matched: result, reason: `\`${expression}\` is ${result}${seen(s)}` };
    },
    cost: 10,
  };
}
