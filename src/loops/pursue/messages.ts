import type { DealRisk } from './contract.js';

/** The warnings that fired on a deal, in words. */
function firedReasons(risk: DealRisk): string[] {
  return risk.signals.filter((s) => s.fired).map((s) => s.reason);
}

/** The nudge a rep gets about one deal. */
export function nudgeMessage(risk: DealRisk): string {
  const why = firedReasons(risk);
  return `Deal ${risk.opportunityId} (${risk.stage}) is ${risk.level} risk: ${why.join('; ') || 'no warning fired'}.`;
}

/** The escalation a manager gets after the rep ignored nudges. */
export function escalationMessage(risk: DealRisk): string {
  return `${risk.ownerId ?? 'The owner'} has not acted on ${risk.ignored} nudge(s) about deal ${risk.opportunityId}, now ${risk.level} risk: ${firedReasons(risk).join('; ')}.`;
}

/** One message listing a rep's deals whose risk rose. */
export function digestMessage(risks: readonly DealRisk[]): string {
  const lines = risks.map(
    (r) => `- ${r.opportunityId} (${r.stage}), ${r.level}: ${firedReasons(r).join('; ')}`,
  );
  return `${risks.length} deal(s) need attention:\n${lines.join('\n')}`;
}
