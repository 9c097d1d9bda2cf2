import { z } from 'zod';
import { ScheduleConfig } from '../../kernel/index.js';

const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id')
  .max(100);

const Thresholds = z
  .strictObject({
    autoAccept: z.number().min(0).max(1).describe('At or above: the agent’s territory is used.'),
    review: z
      .number()
      .min(0)
      .max(1)
      .describe('At or above (below autoAccept): a person reviews; below: triage.'),
  })
  .refine((t) => t.review <= t.autoAccept, { message: 'expected review <= autoAccept', path: ['review'] })
  .describe('Where an agent’s answer goes by its confidence.');

const Rebalance = z
  .strictObject({
    schedule: ScheduleConfig.default({ cron: '0 6 * * 1', timezone: 'UTC', catchUp: 'latest' }).describe(
      'When workload drift is measured (Mondays 06:00 by default).',
    ),
    overload: z
      .number()
      .positive()
      .default(1.25)
      .describe(
        'A territory whose accounts per rep exceed the plan’s maxAccounts by this factor is overloaded.',
      ),
    underload: z
      .number()
      .positive()
      .default(0.6)
      .describe('A rep below this share of the plan’s maxAccounts (and of open pipeline) can take more.'),
    minChecks: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('Checks that must find the same move before it is proposed.'),
  })
  .prefault({})
  .describe('Continuous rebalancing: workload drift against the plan, and proposed moves.');

/** The schema of loops/deploy.yaml. */
export const DeployConfig = z
  .strictObject({
    agent: z
      .strictObject({ thresholds: Thresholds.default({ autoAccept: 0.8, review: 0.5 }) })
      .prefault({})
      .describe('The agent that settles accounts several territories match.'),
    reviewQueue: z
      .string()
      .min(1)
      .default('territory-review')
      .describe('Where unsure matches wait for a person.'),
    manage: z
      .strictObject({
        people: z
          .record(Id, Id)
          .default({})
          .describe(
            'In-year moves of people to another territory (person: territory), on top of the scenario.',
          ),
        moves: z
          .array(
            z.strictObject({
              accounts: z.array(z.string().min(1)).min(1).describe('Account ids or domains.'),
              territory: Id.describe('The territory they move to.'),
            }),
          )
          .default([])
          .describe('In-year account moves (named accounts on top of the scenario).'),
      })
      .prefault({})
      .describe('The manage copy: changes made during the year on top of the promoted scenario.'),
    rebalance: Rebalance,
  })
  .describe('Deploy: materializes the active scenario into territories, pools, people and account owners.');

/** A parsed loops/deploy.yaml. */
export type DeployConfig = z.infer<typeof DeployConfig>;
