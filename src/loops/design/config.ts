import { z } from 'zod';

/** The schema of loops/design.yaml. */
export const DesignConfig = z
  .strictObject({
    coverage: z
      .strictObject({
        low: z.number().positive().default(0.9).describe('Coverage below this is flagged as under-covered.'),
        high: z.number().positive().default(1.5).describe('Coverage above this is flagged as over-invested.'),
      })
      .prefault({})
      .describe('The band of capacity over target a healthy plan keeps.'),
    whatIf: z
      .strictObject({
        minConfidence: z
          .number()
          .min(0)
          .max(1)
          .default(0.5)
          .describe('Below this confidence a what-if question is refused instead of answered from a guess.'),
      })
      .prefault({})
      .describe('What-if questions (revloops whatif).'),
  })
  .describe('Design: scenarios as capacity models, compared side by side.');

/** A parsed loops/design.yaml. */
export type DesignConfig = z.infer<typeof DesignConfig>;
