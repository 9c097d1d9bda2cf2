import { z } from 'zod';

/** A lowercase key: dimensions and frameworks are named by one. */
export const KEY = /^[a-z][a-z0-9-]*$/;
/** A list of phrases from config, trimmed, with a description. */
export const phrases = (what: string) => z.array(z.string().trim().min(1)).default([]).describe(what);

/** The kinds of entity the extractor recognises in a sentence. */
export const EntityKind = z
  .enum(['money', 'number', 'percent', 'date', 'role'])
  .describe(
    'money ($120k, 50,000 EUR), number (40 seats), percent (30%), date (Q3, by March, end of year, within 6 weeks), role (CFO, VP Sales, head of IT, economic buyer, champion).',
  );

/** An entity kind. */
export type EntityKind = z.infer<typeof EntityKind>;

/** What counts as evidence for one dimension. */
const EvidenceSpec = z
  .strictObject({
    cues: phrases(
      'Words or phrases (case-insensitive, whole words) that put a sentence on this dimension, e.g. "budget", "signs off". A trailing * matches any word ending ("approv*").',
    ),
    entities: z
      .array(EntityKind)
      .default([])
      .describe(
        'Entities that make a cue sentence stronger evidence, e.g. money for budget, date for timeline.',
      ),
    roles: phrases(
      'Extra job titles or role words recognised as a role entity for this dimension ("procurement lead").',
    ),
  })
  .describe('What counts as evidence for a dimension.');

/** A dimension of a qualification framework. */
export const Dimension = z
  .strictObject({
    key: z.string().regex(KEY, 'expected a lowercase key such as economic-buyer').describe('Stable key.'),
    label: z.string().min(1).describe('The name reps see, e.g. "Economic buyer".'),
    questions: z
      .array(z.string().min(1))
      .min(1)
      .describe('Follow-up questions suggested when the notes hold no evidence for it.'),
    evidence: EvidenceSpec.refine((e) => e.cues.length > 0, { message: 'expected at least one cue' }),
  })
  .describe('One qualification dimension: what to ask and what counts as evidence.');

/** A parsed dimension. */
export type Dimension = z.infer<typeof Dimension>;

/** A qualification framework: named dimensions. */
export const Framework = z
  .strictObject({
    dimensions: z.array(Dimension).min(1).describe('The dimensions, in the order reps read them.'),
    sqoRequire: z
      .array(z.string().regex(KEY))
      .optional()
      .describe('The dimensions an SQO needs when sqo.require does not say; default: all of them.'),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.dimensions.forEach((d, i) => {
      if (seen.has(d.key))
        ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'key'], message: `${d.key} is already used` });
      seen.add(d.key);
    });
  })
  .describe('A qualification framework.');

/** A parsed framework. */
export type Framework = z.infer<typeof Framework>;
