import { z } from 'zod';
import { Framework, KEY, phrases } from './framework-schema.js';
import { BUILT_IN_FRAMEWORKS } from './frameworks.js';

const share = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);

export { Dimension, EntityKind, Framework } from './framework-schema.js';

/** When an opportunity is sales-qualified. */
export const SqoCriteria = z
  .strictObject({
    require: z
      .array(z.string().regex(KEY))
      .optional()
      .describe(
        "Dimensions that must be evidenced (and not contradicted) for an SQO; default: the framework's own (BANT budget and authority; MEDDIC and MEDDPICC metrics, economic buyer and pain), or all of a custom one's.",
      ),
    minConfidence: share(0.6, 'Each required dimension needs at least this confidence.'),
    minCoverage: share(0.5, 'Share of all the framework dimensions that must be evidenced.'),
  })
  .describe('SQO criteria: what discovery must evidence before the opportunity goes to pursue.');

/** Parsed SQO criteria. */
export type SqoCriteria = z.infer<typeof SqoCriteria>;

/**
 * The `discovery:` block of engage.yaml: the framework in use (BANT, MEDDIC, MEDDPICC built in, or
 * one defined here), what counts as evidence, the SQO criteria and where an opportunity that misses
 * them goes.
 */
export const DiscoveryConfig = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Run discovery on call notes attached to opportunities.'),
    framework: z
      .string()
      .regex(KEY)
      .default('bant')
      .describe('The framework to qualify with: bant, meddic, meddpicc, or a key of frameworks.'),
    frameworks: z
      .record(z.string().regex(KEY, 'expected a lowercase framework key'), Framework)
      .default({})
      .describe('Custom frameworks (a built-in key here replaces the built-in one).'),
    negations: phrases(
      'Extra words that, just before or after a cue, turn a sentence into evidence against the dimension ("no budget yet").',
    ),
    hedges: phrases('Extra words that make a sentence weaker evidence ("maybe", "probably").'),
    amountFrom: z
      .array(z.string().regex(KEY))
      .default(['budget'])
      .describe(
        'Dimensions whose money evidence gives the deal amount when the opportunity has none (the first with an amount wins).',
      ),
    carryOver: z
      .boolean()
      .default(true)
      .describe(
        'Keep what earlier call notes established for a dimension these notes do not mention (written on the opportunity).',
      ),
    sqo: SqoCriteria.prefault({}),
    whenNotQualified: z
      .enum(['nurture', 'hold'])
      .default('nurture')
      .describe(
        'nurture: disqualify and hand off lead.nurture. hold: keep the opportunity in discovery with a follow-up task unless a required dimension is contradicted.',
      ),
    agent: z
      .strictObject({
        autoAccept: share(0.6, 'At or above this extraction confidence the qualification applies by itself.'),
        review: share(
          0.3,
          'At or above this (below autoAccept) the owner reviews it; below, it goes to triage.',
        ),
      })
      .prefault({})
      .refine((t) => t.review <= t.autoAccept, { message: 'expected review <= autoAccept', path: ['review'] })
      .describe('Confidence thresholds of the evidence-extraction agent.'),
    monitor: z
      .strictObject({
        minDecisions: z
          .number()
          .int()
          .min(1)
          .default(20)
          .describe('Fewest discovery decisions in the window before the gap monitor judges.'),
        gapShare: share(0.5, 'Alert when one dimension is the first gap in at least this share of calls.'),
      })
      .prefault({})
      .describe('The discovery-gaps monitor: which dimensions reps leave without evidence.'),
    followUpDays: z
      .number()
      .int()
      .min(0)
      .default(2)
      .describe('Days until the follow-up task for missing dimensions is due.'),
  })
  .superRefine((c, ctx) => {
    const fw = c.frameworks[c.framework] ?? BUILT_IN_FRAMEWORKS[c.framework];
    if (!fw) {
      const known = [...new Set([...Object.keys(BUILT_IN_FRAMEWORKS), ...Object.keys(c.frameworks)])];
      ctx.addIssue({
        code: 'custom',
        path: ['framework'],
        message: `unknown framework ${c.framework}; expected one of ${known.join(', ')}`,
      });
      return;
    }
    const keys = new Set(fw.dimensions.map((d) => d.key));
    (c.sqo.require ?? []).forEach((k, i) => {
      if (!keys.has(k))
        ctx.addIssue({
          code: 'custom',
          path: ['sqo', 'require', i],
          message: `framework ${c.framework} has no dimension ${k}; expected one of ${[...keys].join(', ')}`,
        });
    });
  })
  .describe('Discovery: qualify opportunities from call notes against a framework, then SQO or nurture.');

/** A parsed `discovery:` block. */
export type DiscoveryConfig = z.infer<typeof DiscoveryConfig>;

/** The dimensions an SQO needs: sqo.require, else the framework's own, else all of them. */
export function requiredDimensions(c: DiscoveryConfig, fw: Framework): string[] {
  return c.sqo.require ?? fw.sqoRequire ?? fw.dimensions.map((d) => d.key);
}

/** The framework a config qualifies with (custom first, then built in). */
export function activeFramework(c: DiscoveryConfig): Framework {
  const fw = c.frameworks[c.framework] ?? BUILT_IN_FRAMEWORKS[c.framework];
  if (!fw) throw new Error(`unknown framework ${c.framework}`);
  return fw;
}
