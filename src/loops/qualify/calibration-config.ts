import { z } from 'zod';

const share = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);
const count = (d: number, what: string) => z.number().int().positive().default(d).describe(what);

/** Level 2: warns when grades stop telling converting leads apart (from outcome events). */
export const GradeLift = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the grade lift monitor runs.'),
    minOutcomes: count(30, 'Fewest outcome events (converted, won, lost) in the window before it judges.'),
    minTopLift: z
      .number()
      .positive()
      .default(1.5)
      .describe('Warn when the top grade converts at less than this multiple of the average rate.'),
  })
  .prefault({})
  .describe('Warns when the top grade converts too little above average, or a lower grade converts more.');

/** Level 3: refits factor weights and grade thresholds on outcomes when the scores drift. */
export const Recalibrate = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the recalibration proposer runs.'),
    outcome: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'expected a lead field such as converted')
      .default('converted')
      .describe('The lead field holding the outcome (true/false, yes/no, 1/0).'),
    windowDays: count(30, 'The current window: leads scored in the last this many days.'),
    baselineDays: count(90, 'The baseline: leads scored in this many days before the current window.'),
    minLeads: count(100, 'Fewest leads with an outcome in each window before it compares them.'),
    maxAucDrop: share(0.05, 'Propose when the AUC of the score falls by more than this from the baseline.'),
    maxMixShift: share(
      0.1,
      'Propose when the grade mix moves by more than this (total variation: half the sum of share changes).',
    ),
    holdout: z
      .number()
      .min(0.05)
      .max(0.9)
      .default(0.3)
      .describe('Share of the history held back to test the proposal on (never used to fit it).'),
    seed: z
      .number()
      .int()
      .nonnegative()
      .default(1)
      .describe('Seed of the split, so a proposal can be reproduced.'),
    minOutcomes: count(
      30,
      'Fewest positive and negative outcomes each in the training share before fitting.',
    ),
    minFactorExamples: count(
      50,
      'A factor that scored fewer training leads than this keeps its weight: too little evidence to move it.',
    ),
    maxMultiplier: z
      .number()
      .min(1)
      .max(10)
      .default(3)
      .describe('The most a factor weight may be multiplied by in one proposal.'),
    minAucGain: share(0.005, 'Propose only when the held-back AUC improves by at least this.'),
  })
  .prefault({})
  .describe(
    'Proposes factor weights and grade thresholds fitted on outcomes, with a backtest, when scores drift.',
  );
