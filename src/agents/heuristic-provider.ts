import type { AgentTask } from '../kernel/index.js';
import type { ProviderOutcome } from './answer.js';

/** The model name the built-in heuristic provider reports. */
const HEURISTIC_MODEL = 'heuristic-1';

/** Runs a task's offline algorithm; a throw becomes a reason, so the item goes to review. */
export function runHeuristic<I, O>(task: AgentTask<I, O>, input: I): ProviderOutcome {
  try {
    const h = task.heuristic(input);
    return {
      ok: true,
      raw: { answer: h.answer, confidence: h.confidence, reasoning: h.reasoning },
      tokens: 0,
      model: HEURISTIC_MODEL,
    };
  } catch (err) {
    return {
      ok: false,
      reason: `the heuristic failed: ${err instanceof Error ? err.message : String(err)}`,
      tokens: 0,
    };
  }
}
