import { z } from 'zod';
import { baseMetrics, defineLoop } from '../dist/index.js';

/** The loop the benchmark runs: one read, one record write, and a handoff plus a task for half the events. */
export const benchLoop = defineLoop({
  name: 'bench-intake',
  version: '1.0.0',
  description: 'Scores a signup, writes the lead and hands hot ones on.',
  archetypes: ['event'],
  config: z.strictObject({ threshold: z.number().default(35).describe('Hot from this score.') }),
  triggers: [{ kind: 'event', on: 'signup.created' }],
  input: z.object({ email: z.string(), seats: z.number() }),
  output: z.object({ score: z.number(), hot: z.boolean() }),
  outputs: ['decision', 'record_write', 'handoff', 'task'],
  emits: [
    {
      type: 'signup.hot',
      schema: z.object({ email: z.string(), score: z.number() }),
      description: 'A hot signup.',
    },
  ],
  run: async (ctx, input) => {
    const id = `lead-${input.email}`;
    const existing = await ctx.records.get('lead', id);
    const score = Math.min(input.seats * 5, 100);
    ctx.trace.factor('seats', input.seats, score, 'five points a seat');
    const hot = score >= ctx.config.threshold;
    ctx.trace.rule('hot', hot, `${score} vs threshold ${ctx.config.threshold}`);
    ctx.write('lead', id, {
      email: input.email,
      score,
      seen: (existing ? Number(existing.values.seen) : 0) + 1,
    });
    if (hot) {
      ctx.handoff('signup.hot', { email: input.email, score });
      ctx.task({ title: `Call ${input.email}`, assignee: 'role:sdr' });
    }
    return ctx.decide({ score, hot }, { confidence: 1, subject: `lead:${id}` });
  },
  metrics: baseMetrics,
  feedback: [
    { name: 'volume', description: 'Silence alarm.', level: 2, reads: ['decisions'], evaluate: () => [] },
  ],
});
