import { z } from 'zod';
import { ConditionSchema } from '../../kernel/index.js';

/** The score groups. Fit is firmographic and stable; engagement is behaviour; negative takes points away. */
const SCORE_GROUPS = ['fit', 'engagement', 'negative'] as const;

/** A score group. */
export type ScoreGroup = (typeof SCORE_GROUPS)[number];

/** The ways a factor can turn a value into points; a factor uses exactly one. */
const FACTOR_KINDS = ['bands', 'values', 'condition', 'curve', 'keywords', 'decay'] as const;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const Points = z.number().describe('Points given; negative points take away.');

const Band = z
  .strictObject({
    min: z.number().optional().describe('Lowest value in the band, inclusive; omit for no lower bound.'),
    max: z.number().optional().describe('Highest value in the band, inclusive; omit for no upper bound.'),
    points: Points,
  })
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'expected min <= max')
  .describe('A numeric band; the first band that holds the value scores.');

const CurvePoint = z
  .strictObject({
    x: z.number().describe('A value of the field.'),
    points: z.number().describe('Points at exactly that value; between two x the points are interpolated.'),
  })
  .describe('One point of a curve.');

const KeywordRule = z
  .strictObject({
    match: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        'Words or phrases; one matching as whole words (case-insensitive) is enough, e.g. [vp, vice president].',
      ),
    points: Points,
  })
  .describe('A keyword rule; the first rule that matches scores.');

const ActivityRule = z
  .strictObject({
    type: z
      .string()
      .min(1)
      .describe('Activity type, e.g. page_view, form, webinar_attended (case-insensitive).'),
    detail: z
      .string()
      .min(1)
      .optional()
      .describe('Only activities whose detail contains this text (case-insensitive), e.g. /pricing.'),
    points: z.number().describe('Points for one such activity on the day it happened, before decay.'),
  })
  .describe('Points per activity; for each activity the first rule that matches scores.');

const Decay = z
  .strictObject({
    halfLifeDays: z.number().positive().describe('Days after which an activity is worth half its points.'),
    activities: z.array(ActivityRule).min(1).describe('Points per activity type, first match wins.'),
  })
  .describe('Scores each activity (repeats score again), halving its points every halfLifeDays.');

const FactorShape = z.strictObject({
  name: z
    .string()
    .regex(NAME, 'expected a kebab-case name')
    .describe('Unique kebab-case name, shown in explanations.'),
  label: z
    .string()
    .min(1)
    .optional()
    .describe('Plain-language name used in score reasons; defaults to the name.'),
  group: z.enum(SCORE_GROUPS).describe('Which group the points count toward: fit, engagement or negative.'),
  field: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Dotted path into the lead, e.g. employees, title, company.size. Optional for condition factors.',
    ),
  cap: z
    .number()
    .positive()
    .optional()
    .describe('Most points this factor can give (either sign), e.g. for many technologies.'),
  bands: z.array(Band).min(1).optional().describe('Numeric bands: [{min, max, points}], first match wins.'),
  values: z
    .record(z.string(), z.number())
    .optional()
    .describe('Points per value, case-insensitive; a list value scores each member (see cap).'),
  condition: ConditionSchema.optional().describe(
    'A structured condition on the lead; gives `points` when it matches.',
  ),
  points: z.number().optional().describe('Points a condition factor gives when its condition matches.'),
  curve: z
    .array(CurvePoint)
    .min(2)
    .optional()
    .describe('Points by linear interpolation between [{x, points}].'),
  keywords: z
    .array(KeywordRule)
    .min(1)
    .optional()
    .describe('Keyword rules for text such as titles, first match wins.'),
  decay: Decay.optional().describe('Activity scoring with decay by age; the field holds activities.'),
});

type FactorShape = z.infer<typeof FactorShape>;

function possiblePoints(f: FactorShape): number[] {
  return [
    ...(f.bands ?? []).map((b) => b.points),
    ...Object.values(f.values ?? {}),
    ...(f.points === undefined ? [] : [f.points]),
    ...(f.curve ?? []).map((c) => c.points),
    ...(f.keywords ?? []).map((k) => k.points),
    ...(f.decay?.activities ?? []).map((a) => a.points),
  ];
}

function refineFactor(f: FactorShape, ctx: z.RefinementCtx): void {
  const fail = (message: string, path: (string | number)[] = []) =>
    ctx.addIssue({ code: 'custom', path, message });
  const kinds = FACTOR_KINDS.filter((k) => f[k] !== undefined);
  if (kinds.length !== 1)
    fail(`expected exactly one of ${FACTOR_KINDS.join(', ')} (found ${kinds.join(', ') || 'none'})`);
  if (f.condition !== undefined && f.points === undefined)
    fail('a condition factor needs points', ['points']);
  if (f.condition === undefined && f.points !== undefined) fail('points belong with a condition', ['points']);
  if (f.condition === undefined && f.field === undefined)
    fail('expected the field this factor scores', ['field']);
  f.curve?.forEach((c, i) => {
    const prev = f.curve?.[i - 1];
    if (prev && c.x <= prev.x) fail('curve x values must increase', ['curve', i, 'x']);
  });
  const seen = new Set<string>();
  for (const key of Object.keys(f.values ?? {})) {
    if (seen.has(key.toLowerCase())) fail(`'${key}' is listed twice (values ignore case)`, ['values', key]);
    seen.add(key.toLowerCase());
  }
  if (f.group === 'negative' && possiblePoints(f).some((p) => p > 0)) {
    fail('factors in the negative group can only give zero or negative points', ['group']);
  }
}

/** One scoring factor: a field of the lead and the way its value turns into points. */
export const Factor = FactorShape.superRefine(refineFactor).describe(
  'A factor: name, group, field and one of bands, values, condition (+ points), curve, keywords, decay.',
);

/** A parsed factor. */
export type Factor = z.infer<typeof Factor>;
