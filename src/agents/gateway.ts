import {
  type AgentAnswer,
  type AgentGateway,
  type AgentTask,
  checkContract,
  RevloopsError,
} from '../kernel/index.js';
import { checkAnswer, type ProviderOutcome, unavailable } from './answer.js';
import { type AgentUsageLedger, reserveCall } from './budget.js';
import { runHeuristic } from './heuristic-provider.js';
import type { AgentsSettings } from './settings.js';

/** What a gateway needs besides the settings. */
export interface AgentGatewayOptions {
  /** Where API keys are read, by the name `agents.apiKeyEnv` gives (the CLI passes process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** Counts LLM calls and tokens per loop and UTC day across processes; required when a budget is set. */
  usage?: AgentUsageLedger | undefined;
  /** The wall clock that decides the budget day (default: the system clock). */
  clock?: (() => Date) | undefined;
}

/** The loop name usage is counted under when a call comes through no loop's gateway. */
const NO_LOOP = '(none)';

/** One provider, reduced to a call that never throws. */
interface Provider {
  name: AgentsSettings['provider'];
  label: string;
  /** LLM calls are counted and budgeted; the offline heuristic costs nothing and is not. */
  metered: boolean;
  call<I, O>(task: AgentTask<I, O>, input: I): Promise<ProviderOutcome>;
}

function provider(settings: AgentsSettings, env: AgentGatewayOptions['env']): Provider {
  if (settings.provider === 'heuristic') {
    return {
      name: 'heuristic',
      label: 'heuristic',
      metered: false,
      call: async (t, i) => runHeuristic(t, i),
    };
  }
  const { model } = settings;
  if (!model)
    throw new RevloopsError('CONFIG_INVALID', `agents.model is required for provider ${settings.provider}`);
  if (settings.provider === 'openai-compatible' && !settings.baseUrl)
    throw new RevloopsError('CONFIG_INVALID', 'agents.baseUrl is required for provider openai-compatible');
  const setup = { settings: { ...settings, provider: settings.provider, model }, env };
  return {
    name: settings.provider,
    label: `${settings.provider} model ${model}`,
    metered: true,
    // The AI SDK loads on the first model call, not with every command.
    call: async (t, i) => (await import('./llm-provider.js')).askLlm(setup, t, i),
  };
}

/**
 * The agent gateway for a workspace's `agents` settings. Every answer is checked against the task's
 * output schema with a confidence in [0, 1]; anything short of that (a timeout, an HTTP or provider
 * error, a malformed answer, a missing API key, a spent budget) throws AGENT_UNAVAILABLE with the
 * precise reason, which `askAgent` turns into a review item. An input that breaks the task's input
 * schema is the loop's bug and throws CONTRACT_VIOLATION. `forLoop(name)` gives the gateway whose
 * LLM calls count against that loop's daily budget.
 */
export function createAgentGateway(settings: AgentsSettings, options: AgentGatewayOptions): AgentGateway {
  const p = provider(settings, options.env);
  const { usage } = options;
  if (settings.budget && p.metered && !usage)
    throw new RevloopsError(
      'USAGE',
      'agents.budget is set but the gateway has no usage ledger to count calls in (pass options.usage)',
    );
  const clock = options.clock ?? (() => new Date());
  const ledger = p.metered ? usage : undefined;

  async function ask<I, O>(loop: string, task: AgentTask<I, O>, input: I): Promise<AgentAnswer<O>> {
    const parsed = checkContract(task.input, input, `input of agent task ${task.name}`);
    const fail = (reason: string) => unavailable(`agent task ${task.name} (${p.label}): ${reason}`);
    const reservation = ledger ? await reserveCall(ledger, settings.budget, loop, clock()) : null;
    if (typeof reservation === 'string') throw fail(reservation);
    const started = performance.now();
    const outcome = await p.call(task, parsed);
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    const checked = outcome.ok ? { ...checkAnswer(task, outcome.raw), model: outcome.model } : outcome;
    await reservation?.settle(outcome.tokens, !checked.ok);
    if (!checked.ok) throw fail(checked.reason);
    return { ...checked.value, provider: p.name, model: checked.model, latencyMs, tokens: outcome.tokens };
  }

  const scoped = new Map<string, AgentGateway>();
  const forLoop = (loop: string): AgentGateway => {
    let g = scoped.get(loop);
    if (!g) {
      g = { ask: (task, input) => ask(loop, task, input), forLoop };
      scoped.set(loop, g);
    }
    return g;
  };
  return { ask: (task, input) => ask(NO_LOOP, task, input), forLoop };
}
