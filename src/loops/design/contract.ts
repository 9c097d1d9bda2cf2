import { z } from 'zod';
import { Scenario } from '../../planning/scenario.js';

const Coverage = z.object({
  capacity: z.number(),
  target: z.number(),
  coverage: z.number(),
  reps: z.number(),
});
const Placed = Coverage.extend({ accounts: z.number(), accountsPerRep: z.number() });

/** A design run models one scenario (with what it inherits folded in). */
export const DesignInput = Scenario;

/** The capacity model of a scenario: by segment, territory and quarter, with flags outside the band. */
const CapacityModel = z.object({
  scenario: z.string(),
  effective: z.string(),
  total: Placed,
  segments: z.record(z.string(), Coverage),
  territories: z.record(z.string(), Placed),
  quarters: z.record(z.string(), z.number()),
  flags: z.array(z.string()).describe('Segments and territories outside the coverage band.'),
});

const RampStep = z.object({
  from: z.string().describe('First day the factor applies (YYYY-MM-DD).'),
  factor: z.number().min(0).max(1).describe('Share of full capacity, 0 to 1.'),
});

/** The handoff to route when a scenario is promoted: each quota-carrying person's ramp schedule. */
export const CapacityPlanned = z
  .object({
    kind: z.literal('capacity.planned'),
    scenario: z.string().min(1),
    effective: z.string(),
    members: z.array(z.object({ userId: z.string().min(1), schedule: z.array(RampStep) })),
  })
  .describe('Capacity from the active scenario, for pool caps.');

const Published = z.object({
  kind: z.literal('capacity.planned'),
  scenario: z.string(),
  members: z.number().describe('Quota-carrying people whose ramp was handed to route.'),
  ramping: z.array(z.string()).describe('People below full capacity at some point of the plan.'),
});

/** A design decision: a scenario's capacity model, or the capacity plan of a promoted scenario. */
export const DesignOutput = z.union([CapacityModel, Published]);
