import { z } from 'zod';

/** The schedule block a scheduled loop keeps in its config (cron, time zone, catch-up after downtime). */
export const ScheduleConfig = z
  .strictObject({
    cron: z
      .string()
      .min(1)
      .describe('Cron expression (5 or 6 fields), e.g. "0 6 * * 1-5" for 06:00 on weekdays.'),
    timezone: z
      .string()
      .default('UTC')
      .describe('IANA time zone the cron expression is read in, e.g. America/New_York.'),
    catchUp: z
      .enum(['none', 'latest', 'all'])
      .default('latest')
      .describe(
        'After downtime: none skips missed ticks, latest runs the most recent one, all runs each one.',
      ),
  })
  .describe('When a scheduled loop runs.');

/** A parsed schedule block. */
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;

/** The input every scheduled run receives. */
export const TickInput = z.object({
  loop: z.string().describe('The loop that ticked.'),
  scheduledFor: z.string().describe('The instant the tick was due (ISO-8601).'),
  previousTick: z.string().nullable().describe('The instant of the previous tick that ran, if any.'),
  catchUp: z.boolean().describe('True when the tick runs late, after downtime.'),
  history: z
    .boolean()
    .optional()
    .describe(
      'True for a history pass (a run as of a past instant, for a loop whose schedule honours it): decisions only, nothing sent or written.',
    ),
});

/** A tick's input. */
export type TickInput = z.infer<typeof TickInput>;

/** The event type of a loop's schedule ticks. */
export function tickEventType(loop: string): string {
  return `tick.${loop}`;
}

/** Reads a dotted path in a config object. */
export function configAt(config: unknown, path: string): unknown {
  let value: unknown = config;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
