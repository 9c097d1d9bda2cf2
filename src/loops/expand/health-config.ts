import { z } from 'zod';

/** A tiered point band: a value at or above `min` scores `points` (bands tried highest min first). */
const PointBand = z
  .strictObject({
    min: z.number().describe('The lowest value of the band.'),
    points: z.number().min(0).max(100).describe('Points (0 to 100) for a value in the band.'),
  })
  .describe('A point band.');

/** One measure of the health score. */
export const Measure = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-zA-Z0-9_-]*$/)
      .describe('The measure, e.g. seats. Shown in explain and usable in plays as measures.<name>.'),
    group: z.string().min(1).describe('The group it counts in, e.g. adoption, support, relationship.'),
    weight: z.number().min(0).max(100).describe('Its share of the score; all weights add up to 100.'),
    field: z
      .string()
      .min(1)
      .optional()
      .describe('The customer field it reads (dotted path), e.g. seatsUsed or nps.'),
    per: z.string().min(1).optional().describe('Divide by this customer field (seats used per seat bought).'),
    usageTrend: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Instead of a field: the change of this usage metric between its last two periods (0.1 = +10%).',
      ),
    bands: z.array(PointBand).min(1).describe('Tiered point bands.'),
    missing: z.number().min(0).max(100).default(0).describe('Points when the value is unknown.'),
  })
  .refine((m) => (m.field === undefined) !== (m.usageTrend === undefined), {
    message: 'a measure reads either a field or a usageTrend metric',
  })
  .describe('A weighted health measure.');

/** A parsed measure. */
export type Measure = z.infer<typeof Measure>;

/** The health score: weighted measures in groups, bands, trend and history. */
export const HealthConfig = z
  .strictObject({
    measures: z.array(Measure).min(1).describe('The measures; their weights add up to 100.'),
    bands: z
      .array(z.strictObject({ name: z.string().min(1), min: z.number().min(0).max(100) }))
      .min(1)
      .describe('Health bands by score, e.g. good at 70, watch at 40, poor at 0 (highest min first).'),
    trendDays: z
      .number()
      .min(1)
      .default(7)
      .describe('The trend compares the score with the history point at least this many days old.'),
    flatWithin: z.number().min(0).default(3).describe('A change of at most this many points is flat.'),
    historyEveryDays: z.number().min(1).default(7).describe('A history point is kept this often (weekly).'),
    historyLength: z.number().int().min(1).default(26).describe('History points kept on the customer.'),
  })
  .superRefine((h, ctx) => {
    const total = h.measures.reduce((s, m) => s + m.weight, 0);
    if (Math.abs(total - 100) > 1e-6)
      ctx.addIssue({
        code: 'custom',
        path: ['measures'],
        message: `measure weights add up to ${total}, expected 100`,
      });
    const names = new Set<string>();
    h.measures.forEach((m, i) => {
      if (names.has(m.name))
        ctx.addIssue({
          code: 'custom',
          path: ['measures', i, 'name'],
          message: `measure ${m.name} is named twice`,
        });
      names.add(m.name);
    });
    if (!h.bands.some((b) => b.min === 0))
      ctx.addIssue({
        code: 'custom',
        path: ['bands'],
        message: 'one band must start at 0 so every score has a band',
      });
  })
  .describe('The health score.');

/** A parsed health config. */
export type HealthConfig = z.infer<typeof HealthConfig>;
