import { z } from 'zod';

/** The response-curve families a channel's pipeline can follow as its spend grows. */
const CURVES = ['saturating', 'power'] as const;

/** A response-curve family. */
export const Curve = z
  .enum(CURVES)
  .describe(
    'saturating: pipeline = a·(1 − e^(−b·spend)), rising towards a ceiling a; power: pipeline = a·spend^b, with diminishing returns when b < 1.',
  );

/** A parsed curve family. */
export type Curve = z.infer<typeof Curve>;

const column = (what: string, value: string) => z.string().min(1).default(value).describe(what);

/** Where the spend and pipeline history comes from. */
const MixHistory = z
  .strictObject({
    file: z
      .string()
      .regex(
        /^[^/\\][^\\]*\.(csv|jsonl)$/,
        'expected a .csv or .jsonl file under data/, e.g. channel-spend.csv',
      )
      .default('channel-spend.csv')
      .describe('The history file under the workspace data/ folder: one row per channel and period.'),
    periodColumn: column('The column naming the period, e.g. 2026-03 (one month).', 'period'),
    channelColumn: column('The column naming the channel, as touches name it.', 'channel'),
    spendColumn: column('The column with the spend in the period.', 'spend'),
    pipelineColumn: column('The column with the pipeline the channel generated in the period.', 'pipeline'),
    maxRows: z.number().int().min(1).max(10_000).default(500).describe('Most history rows read per channel.'),
  })
  .describe('The history the response curves are fitted on: spend and pipeline per channel and month.');

/** Channel-mix modeling: response curves fitted per channel on history. */
export const MixConfig = z
  .strictObject({
    curve: Curve.default('saturating'),
    history: MixHistory.default({
      file: 'channel-spend.csv',
      periodColumn: 'period',
      channelColumn: 'channel',
      spendColumn: 'spend',
      pipelineColumn: 'pipeline',
      maxRows: 500,
    }),
    minPoints: z
      .number()
      .int()
      .min(2)
      .default(4)
      .describe('A channel needs at least this many usable periods of history to be fitted.'),
    minR2: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('A fit with a lower R² is flagged as weak in the artifact.'),
  })
  .describe('Channel-mix modeling: response curves fitted per channel on spend and pipeline history.');

/** A parsed mix config. */
export type MixConfig = z.infer<typeof MixConfig>;
