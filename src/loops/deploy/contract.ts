import { z } from 'zod';
import { DesiredState, TickInput } from '../../kernel/index.js';
import { Scenario } from '../../planning/scenario.js';

/** What a plan run gets: the loop, when, and the active scenario the workspace names. */
export const DeployPlanInput = z.object({
  loop: z.string().describe('The loop planned.'),
  requestedAt: z.string().describe('When the plan was asked for.'),
  scenario: Scenario.optional().describe('The active scenario (revloops.yaml `scenario:`).'),
});

/** A plan run's input. */
export type DeployPlanInput = z.infer<typeof DeployPlanInput>;

/** A plan or a scheduled drift check. */
export const DeployInput = z.union([TickInput, DeployPlanInput]);

/** An account the plan could not place for sure: shown as pending, sent to review on apply. */
const PendingMatch = z.object({
  account: z.string().describe('The account id.'),
  candidates: z.array(z.string()).describe('Territories it may belong to.'),
  reason: z.string().describe('Why it is pending.'),
});

/** A change to the structure in force or to a person's territory, held until the effective date. */
const HeldChange = z.object({
  kind: z.enum(['territory', 'pool', 'user']).describe('The kind of record.'),
  id: z.string().describe('The record id.'),
  op: z.enum(['create', 'update', 'delete']).describe('What will happen to it.'),
  fields: z.array(z.string()).describe('The fields that will change (updates only).'),
  effective: z.string().describe('The day it takes effect.'),
});

/** One workload figure of a drift check. */
const Workload = z.object({
  person: z.string(),
  territory: z.string(),
  accounts: z.number(),
  openPipeline: z.number(),
  maxAccounts: z.number().nullable(),
});

/** A drift check: workload per person against the plan and the move it suggests, if any. */
export const DriftReport = z.object({
  kind: z.literal('drift'),
  scheduledFor: z.string(),
  workload: z.array(Workload),
  overloaded: z.array(z.string()).describe('Territories over the plan.'),
  move: z.object({ person: z.string(), territory: z.string(), reason: z.string() }).nullable(),
});

/** What deploy decides: the desired state (plan) or a drift report (check). */
export const DeployOutput = z.union([
  DesiredState.extend({
    pending: z.array(PendingMatch).default([]),
    scheduled: z
      .array(z.object({ account: z.string(), territory: z.string(), effective: z.string() }))
      .default([]),
    held: z
      .array(HeldChange)
      .default([])
      .describe('Changes to the structure in force and to people, waiting for the effective date.'),
  }),
  DriftReport,
]);

/** A drift report. */
export type DriftReport = z.infer<typeof DriftReport>;
