import type { Condition } from '../../kernel/index.js';

/** The rep metrics that are not per shape or per stage. */
export const SCALARS = [
  'discoveryCoverage',
  'responseHours',
  'slaMetRate',
  'sequenceApprovalRate',
  'sequenceEditRate',
  'winRate',
  'cycleDays',
  'singleThreadedShare',
];

/**
 * What a pattern's condition may name: `metrics` (the rep's values), `team` (the team's),
 * `trailing` (the rep's own trailing average), `vsTeam` and `vsTrailing` (the rep's value divided
 * by those).
 */
export const CEL_VARIABLES: Readonly<Record<string, string>> = {
  metrics: 'metrics',
  team: 'team',
  trailing: 'trailing',
  vsTeam: 'vsTeam',
  vsTrailing: 'vsTrailing',
};

/** What a pattern's condition may start a path with. */
const ROOTS = Object.keys(CEL_VARIABLES);

/** A config problem at a path inside the coach YAML. */
export interface PathIssue {
  path: (string | number)[];
  message: string;
}

/** Every metric path a config measures: the scalars, each shape's and each stage's. */
function knownMetrics(shapes: readonly string[], stages: readonly string[]): string[] {
  return [
    ...SCALARS,
    ...shapes.flatMap((s) => [`shapes.${s}.winRate`, `shapes.${s}.cycleDays`]),
    ...stages.flatMap((s) => [`stages.${s}.conversion`, `stages.${s}.days`]),
  ];
}

/**
 * Why a metric path (`shapes.enterprise.winRate`) names nothing the config measures, or undefined.
 * A path whose form is right can still name a shape or a stage the config does not have.
 */
export function metricProblem(
  metric: string,
  shapes: readonly string[],
  stages: readonly string[],
): string | undefined {
  const [group, name] = metric.split('.');
  if (group === 'shapes' && name !== undefined && !shapes.includes(name))
    return `${metric}: ${name} is not a shape (shapes: ${shapes.join(', ') || 'none'})`;
  if (group === 'stages') {
    const stage = metric.slice('stages.'.length, metric.lastIndexOf('.'));
    if (!stages.includes(stage))
      return `${metric}: ${stage} is not in stages (${stages.join(', ') || 'none'})`;
  }
  return undefined;
}

/** Why a path a pattern reads (`vsTeam.winRate`) is none the rep review has, or undefined. */
function fieldProblem(field: string, known: readonly string[]): string | undefined {
  const dot = field.indexOf('.');
  const root = dot < 0 ? field : field.slice(0, dot);
  if (!ROOTS.includes(root))
    return `${field}: a pattern reads ${ROOTS.map((r) => `${r}.<metric>`).join(', ')}; ${root} is none of them`;
  if (dot < 0) return undefined;
  const metric = field.slice(dot + 1);
  if (known.some((k) => k === metric || k.startsWith(`${metric}.`))) return undefined;
  return `${field}: ${metric} is not a rep metric this config measures (expected one of ${known.join(', ')})`;
}

/** The dotted names a CEL expression reads from the pattern variables, string literals left out. */
function celFields(expression: string): string[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const found = code.match(new RegExp(`\\b(?:${ROOTS.join('|')})(?:\\.[A-Za-z_][A-Za-z0-9_]*)+`, 'g'));
  return found ?? [];
}

/**
 * Every path in a pattern's condition that names no metric of the review: a misspelt metric
 * (`metrics.discoverCoverage`) would otherwise be missing for every rep, so the pattern would
 * silently never match (or, under `neq`, `not_in` or `empty`, match everyone).
 */
export function conditionPathIssues(
  condition: Condition,
  at: (string | number)[],
  shapes: readonly string[],
  stages: readonly string[],
): PathIssue[] {
  const known = knownMetrics(shapes, stages);
  const walk = (c: Condition, path: (string | number)[]): PathIssue[] => {
    if ('all' in c) return c.all.flatMap((x, i) => walk(x, [...path, 'all', i]));
    if ('any' in c) return c.any.flatMap((x, i) => walk(x, [...path, 'any', i]));
    if ('not' in c) return walk(c.not, [...path, 'not']);
    if ('cel' in c)
      return celFields(c.cel).flatMap((f) => {
        const problem = fieldProblem(f, known);
        return problem ? [{ path: [...path, 'cel'], message: problem }] : [];
      });
    const problem = fieldProblem(c.field, known);
    return problem ? [{ path: [...path, 'field'], message: problem }] : [];
  };
  return walk(condition, at);
}
