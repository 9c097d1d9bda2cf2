import type { DecisionView } from '../kernel/index.js';

/** Effects a decision carries in an API answer; every one is paged at /v1/decisions/{id}/effects. */
const API_EFFECTS = 200;

/**
 * A decision as the API sends it: its first effects and how many there are. A scheduled run over
 * every deal writes tens of thousands of records; a list or an explanation stays small.
 */
export function apiDecision(d: DecisionView): DecisionView & { effectCount: number } {
  const effectCount = d.effects.length;
  return effectCount <= API_EFFECTS
    ? { ...d, effectCount }
    : { ...d, effects: d.effects.slice(0, API_EFFECTS), effectCount };
}
