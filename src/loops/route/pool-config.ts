import { z } from 'zod';
import { Name, UserId } from './rule-config.js';

/** How a pool picks among its available members. */
const STRATEGIES = ['round-robin', 'fewest-open-opportunities', 'weighted'] as const;

/** A pool strategy. */
export type Strategy = (typeof STRATEGIES)[number];

const Overflow = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z
        .literal('wait')
        .describe('Hold the lead as waiting; the scheduled check retries waiting leads, oldest first.'),
    }),
    z.strictObject({
      type: z.literal('pool').describe('Try another pool once.'),
      pool: Name.describe('The backup pool.'),
    }),
    z.strictObject({
      type: z.literal('queue').describe('Put the lead in a queue.'),
      queue: Name.describe('The queue.'),
    }),
  ])
  .default({ type: 'wait' })
  .describe('What happens when no member can take the lead. Nothing is forced onto someone away.');

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A pool of reps that share leads. */
export const Pool = z
  .strictObject({
    description: z.string().optional().describe('Who is in the pool and what it serves.'),
    strategy: z
      .enum(STRATEGIES)
      .default('round-robin')
      .describe(
        'round-robin: turn order; fewest-open-opportunities: the member with the fewest open opportunities; weighted: shares by weight.',
      ),
    members: z.array(UserId).min(1, 'a pool needs at least one member').describe('User ids, in turn order.'),
    weights: z
      .record(UserId, z.number().positive())
      .optional()
      .describe('Weighted pools: each member’s relative share, e.g. { u-eli: 2, u-fay: 1 }.'),
    capPerDay: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Most leads a member gets from this pool per day (their local day); none: no cap.'),
    capFromPlan: z
      .boolean()
      .default(false)
      .describe(
        "Scale capPerDay by each member's planned ramp, which design hands over from the active scenario (capacity.planned): a rep at 25% of ramp gets a quarter of the cap, at least one.",
      ),
    caps: z
      .record(UserId, z.number().int().nonnegative())
      .optional()
      .describe('Per-member daily caps that replace capPerDay, e.g. a ramping rep: { u-dev: 5 }.'),
    workingHours: z
      .enum(['respect', 'ignore'])
      .default('respect')
      .describe(
        "respect: skip members outside their working hours (in their time zone); ignore: don't check.",
      ),
    manager: UserId.optional().describe('Who is told when a lead from this pool breaches its SLA.'),
    overflow: Overflow,
    openOpportunities: z
      .record(z.string().min(1), Scalar)
      .default({ status: 'open' })
      .describe('fewest-open-opportunities: the fields an opportunity must have to count as open.'),
  })
  .describe('A pool: members, how they share leads, caps and availability.');

/** A parsed pool. */
export type Pool = z.infer<typeof Pool>;

/** A queue people work from. review and triage always exist. */
export const Queue = z
  .strictObject({
    description: z.string().optional().describe('What the queue is for.'),
    assignee: z
      .string()
      .min(1)
      .optional()
      .describe('Who works it: a user id, or role:<role> such as role:revops.'),
    slaHours: z.number().positive().optional().describe('How soon an item should be worked, in hours.'),
  })
  .describe('A queue of leads for people to work.');

/** A parsed queue. */
export type Queue = z.infer<typeof Queue>;

/** The queues every route config has, whatever it lists. */
export const BUILT_IN_QUEUES = ['review', 'triage'] as const;
