import { defineLoop, RevloopsError, type TickInput } from '../../kernel/index.js';
import { DeployConfig } from './config.js';
import { DeployInput, DeployOutput, type DeployPlanInput } from './contract.js';
import { driftCheck } from './drift.js';
import { deployFeedback } from './feedback.js';
import { deployMetrics } from './metrics.js';
import { planRun } from './plan-run.js';

const isTick = (i: unknown): i is TickInput => typeof i === 'object' && i !== null && 'scheduledFor' in i;

/**
 * Deploy: makes the promoted scenario real. `revloops plan deploy` lists every territory, pool,
 * planned hire, person and account assignment that would change; `apply` writes them in order.
 * A weekly check measures workload drift and proposes moves through governance.
 */
export const deployLoop = defineLoop({
  name: 'deploy',
  version: '1.2.0',
  description:
    'Materializes the active scenario: territories, pools, planned hires, people and account owners, with effective dates; proposes rebalancing on drift.',
  archetypes: ['materialized', 'scheduled'],
  config: DeployConfig,
  triggers: [
    { kind: 'materialize', kinds: ['territory', 'pool', 'user'] },
    { kind: 'schedule', config: 'rebalance.schedule' },
  ],
  input: DeployInput,
  output: DeployOutput,
  outputs: ['decision', 'review_item'],
  run: async (ctx, input) => {
    if (isTick(input)) return driftCheck(ctx, input);
    const plan = input as DeployPlanInput;
    if (!plan.scenario)
      throw new RevloopsError(
        'USAGE',
        'no active scenario: name one in revloops.yaml (scenario: <name>) or run revloops scenario promote',
      );
    return planRun(ctx, plan.scenario);
  },
  metrics: deployMetrics,
  feedback: deployFeedback,
});
