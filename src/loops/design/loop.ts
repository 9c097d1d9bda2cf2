import { defineLoop } from '../../kernel/index.js';
import { DesignConfig } from './config.js';
import { DesignInput, DesignOutput } from './contract.js';
import { designFeedback } from './feedback.js';
import { capacityModel } from './logic.js';
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
  archetypes: ['modeling'],
  config: DesignConfig,
  triggers: [{ kind: 'model' }],
  input: DesignInput,
  output: DesignOutput,
  outputs: ['decision'],
  run: async (ctx, scenario) => {
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
