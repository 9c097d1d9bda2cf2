import { type CompiledCondition, compileCondition, type JsonObject } from '../../kernel/index.js';
import { CEL_VARIABLES, type OnboardConfig, type Plan } from './config.js';

/** The plans of a config with their conditions compiled once per config version. */
export interface CompiledPlans {
  plans: readonly { plan: Plan; test: CompiledCondition | null }[];
}

/** Compiles every plan's condition (closures over the parsed YAML, no eval). */
export function compilePlans(config: Readonly<OnboardConfig>): CompiledPlans {
  return {
    plans: config.plans.map((plan) => ({
      plan,
      test: plan.when === undefined ? null : compileCondition(plan.when, { celVariables: CEL_VARIABLES }),
    })),
  };
}

/** The first plan whose condition matches the customer's shape, with every plan tried up to it. */
export function choosePlan(
  compiled: CompiledPlans,
  shape: JsonObject,
): { plan: Plan | null; tried: { plan: string; matched: boolean; reason: string }[] } {
  const tried: { plan: string; matched: boolean; reason: string }[] = [];
  for (const p of compiled.plans) {
    const r = p.test ? p.test(shape) : { matched: true, reason: 'no condition: matches every customer' };
    tried.push({ plan: p.plan.name, matched: r.matched, reason: r.reason });
    if (r.matched) return { plan: p.plan, tried };
  }
  return { plan: null, tried };
}

/** A plan by name, or null when the config no longer has it. */
export function planNamed(config: Readonly<OnboardConfig>, name: string): Plan | null {
  return config.plans.find((p) => p.name === name) ?? null;
}
