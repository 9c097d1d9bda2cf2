import { z } from 'zod';
import { defineRoute } from '../route.js';
import { FieldChange, Json, JsonObject, LoopParams, Since } from '../schemas.js';
import { compareScenarios, runScenario, scenarioArtifact } from '../services/scenarios.js';
import { simulate } from '../services/simulate.js';

const Scenario = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected a scenario name: letters, digits, dot, dash, underscore')
  .describe('The scenario: scenarios/<name>.yaml or scenarios/<name>/<loop>.yaml.');

const Artifact = z.object({
  loop: z.string(),
  scenario: z.string(),
  decisionId: z.string().describe('The decision that holds the artifact (revloops explain).'),
  configVersion: z.string(),
  artifact: Json,
});

/** The body of a simulation request. */
const SimulationBody = z.strictObject({
  loop: z.string().min(1).describe('The loop to simulate, e.g. route.'),
  yaml: z.string().max(500_000).optional().describe('A whole proposed loops/<loop>.yaml.'),
  changes: z.array(FieldChange).min(1).optional().describe('Or config fields to set on the active config.'),
  proposal: z.string().optional().describe('Or an open proposal whose YAML to simulate.'),
  since: Since.default('30d').describe('Replay the live decisions made since then.'),
  show: z.number().int().min(0).max(500).default(20).describe('Changed inputs to list.'),
});

/** Simulations and modeling scenarios. */
export const workRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/simulations',
    tag: 'simulations',
    summary: 'Simulate a proposed loop config against history, writing nothing',
    description:
      'The proposed config runs beside the active one over the inputs the loop decided on since the window start; the answer has outcome counts before and after (per rule, rep, queue), the changed inputs, and route pool fairness.',
    roles: ['admin', 'ops', 'agent'],
    body: SimulationBody,
    response: JsonObject.describe('The simulation report, as `revloops simulate --json` prints it.'),
    handler: async (ctx, { body }) => (await simulate(ctx, body)) as unknown as Record<string, unknown>,
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/loops/:loop/scenarios/:scenario/runs',
    tag: 'scenarios',
    summary: 'Run a modeling loop on a scenario and store the artifact',
    roles: ['admin', 'ops', 'agent'],
    params: LoopParams.extend({ scenario: Scenario }),
    response: Artifact,
    status: 201,
    handler: (ctx, { params }) => runScenario(ctx, params.loop, params.scenario),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/loops/:loop/scenarios/:scenario',
    tag: 'scenarios',
    summary: 'The newest artifact of a scenario',
    roles: ['admin', 'ops', 'manager', 'agent'],
    params: LoopParams.extend({ scenario: Scenario }),
    response: Artifact,
    handler: (ctx, { params }) => scenarioArtifact(ctx, params.loop, params.scenario),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/loops/:loop/scenarios/:scenario/compare/:other',
    tag: 'scenarios',
    summary: 'Two scenarios side by side, with deltas (other − scenario)',
    roles: ['admin', 'ops', 'manager', 'agent'],
    params: LoopParams.extend({ scenario: Scenario, other: Scenario }),
    response: z.object({
      loop: z.string(),
      a: z.object({ scenario: z.string(), decisionId: z.string() }),
      b: z.object({ scenario: z.string(), decisionId: z.string() }),
      rows: z.array(z.object({ path: z.string(), a: Json, b: Json, delta: z.number().nullable() })),
    }),
    handler: (ctx, { params }) => compareScenarios(ctx, params.loop, params.scenario, params.other),
  }),
];
