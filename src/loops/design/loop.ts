import { defineLoop } from '../../kernel/index.js';
import { DesignConfig } from './config.js';
import { CapacityPlanned, DesignInput, DesignOutput } from './contract.js';
import { designFeedback } from './feedback.js';
import { capacityModel, rampSchedules } from './logic.js';
import { designMetrics } from './metrics.js';

/**
 * Design: each scenario (ICP segments, roles with ramp profiles, roster with planned hires,
 * territories, targets, comp) becomes a capacity model: capacity against target by segment and
 * territory, accounts per rep and ramped capacity by quarter. `revloops scenario compare` puts two
 * side by side; `promote` makes one the active scenario deploy materializes.
 */
export const designLoop = defineLoop({
  name: 'design',
  version: '1.0.0',
  description:
    'Models scenarios: capacity against target by segment, territory and quarter, accounts per rep.',
  archetypes: ['modeling', 'event'],
  config: DesignConfig,
  triggers: [{ kind: 'model' }, { kind: 'event', on: 'scenario.promoted' }],
  input: DesignInput,
  output: DesignOutput,
  outputs: ['decision', 'handoff'],
  emits: [
    {
      type: 'capacity.planned',
      schema: CapacityPlanned,
      description: "The promoted scenario's ramp schedule per person, for route's pool caps.",
    },
  ],
  run: async (ctx, scenario) => {
    if (ctx.eventType === 'scenario.promoted') {
      // A promoted scenario hands its people's ramp to route, which scales pool caps by it.
      const members = rampSchedules(scenario);
      const name = scenario.name ?? '';
      const ramping = members.filter((m) => m.schedule.some((s) => s.factor < 1)).map((m) => m.userId);
      for (const m of members)
        ctx.trace.step('ramp', {
          user: m.userId,
          schedule: m.schedule.map((s) => `${s.from} ${s.factor}`).join(', '),
        });
      ctx.handoff(
        'capacity.planned',
        { kind: 'capacity.planned', scenario: name, effective: scenario.effective, members },
        `scenario:${name}`,
      );
      return ctx.decide(
        { kind: 'capacity.planned', scenario: name, members: members.length, ramping },
        {
          confidence: 1,
          subject: `scenario:${name}`,
          reasons: [`handed the ramp of ${members.length} people to route (${ramping.length} ramping)`],
        },
      );
    }
    const accounts = await ctx.records.find('account', {});
    const model = capacityModel(scenario, accounts);
    const { low, high } = ctx.config.coverage;
    const flags = [
      ...Object.entries(model.segments).map(([k, v]) => ['segment', k, v] as const),
      ...Object.entries(model.territories).map(([k, v]) => ['territory', k, v] as const),
    ]
      .filter(([, , v]) => v.target > 0 && (v.coverage < low || v.coverage > high))
      .map(([kind, k, v]) => `${kind} ${k} coverage ${v.coverage}`);
    ctx.trace.step('model', {
      accounts: accounts.length,
      coverage: model.total.coverage,
      flags: flags.length,
    });
    return ctx.decide({ ...model, flags }, { confidence: 1, subject: `scenario:${model.scenario}` });
  },
  metrics: designMetrics,
  feedback: designFeedback,
});
