import { z } from 'zod';

/** The attribution models, in the order reports list them. */
export const ATTRIBUTION_MODELS = ['first-touch', 'last-touch', 'linear', 'position-based'] as const;

/** One attribution model. */
export const AttributionModel = z
  .enum(ATTRIBUTION_MODELS)
  .describe(
    'first-touch: all credit to the earliest touch; last-touch: all to the latest; linear: equal shares; position-based (U-shaped): the first and last touches get their weights and the middle touches share the rest.',
  );

/** A named attribution model. */
export type AttributionModel = z.infer<typeof AttributionModel>;

const share = (what: string, value: number) => z.number().min(0).max(1).default(value).describe(what);

/** The weights of the position-based (U-shaped) model. */
const PositionWeights = z
  .strictObject({
    first: share('Share of the first touch.', 0.4),
    last: share('Share of the last touch.', 0.4),
    middle: share('Share split evenly among the touches between the first and the last.', 0.2),
  })
  .refine((w) => Math.abs(w.first + w.last + w.middle - 1) < 1e-9, {
    message: 'the position-based weights first + last + middle must add up to 1',
  })
  .describe(
    'Position-based weights. With two touches, first and last split the credit in the ratio of their weights; with one, it takes it all.',
  );

/** Attribution of won opportunities to the marketing touches on their account. */
export const AttributionConfig = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Attribute each won opportunity when it closes.'),
    models: z
      .array(AttributionModel)
      .min(1)
      .default([...ATTRIBUTION_MODELS])
      .refine((m) => new Set(m).size === m.length, { message: 'a model is listed twice' })
      .describe('The models computed for every opportunity; each credits the full amount.'),
    primary: AttributionModel.optional().describe(
      'The model behind the headline pipeline and revenue by campaign and channel (default: position-based when computed, else the first model).',
    ),
    positionBased: PositionWeights.default({ first: 0.4, last: 0.4, middle: 0.2 }),
    lookbackDays: z
      .number()
      .int()
      .min(1)
      .default(365)
      .describe('Only touches at most this many days before the close (or creation) count.'),
    channels: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'The touch channels that earn credit (email, paid-social, webinar...); empty: every channel.',
      ),
    writeField: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
      .default('attribution')
      .describe('The opportunity field the credited amounts are written to.'),
  })
  .refine((c) => c.primary === undefined || c.models.includes(c.primary), {
    message: 'the primary model must be one of the models computed',
    path: ['primary'],
  })
  .describe('Attribution: which models credit won opportunities to the touches on their account.');

/** A parsed attribution config. */
export type AttributionConfig = z.infer<typeof AttributionConfig>;

/** The headline model of a config. */
export function primaryModel(config: AttributionConfig): AttributionModel {
  if (config.primary) return config.primary;
  return config.models.includes('position-based') ? 'position-based' : (config.models[0] ?? 'position-based');
}
