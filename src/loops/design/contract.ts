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
export const DesignOutput = z.object({
  scenario: z.string(),
  effective: z.string(),
  total: Placed,
  segments: z.record(z.string(), Coverage),
  territories: z.record(z.string(), Placed),
  quarters: z.record(z.string(), z.number()),
  flags: z.array(z.string()).describe('Segments and territories outside the coverage band.'),
});
