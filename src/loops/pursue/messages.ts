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

/** A deal in a rep's digest: what the nudge would have said about it. */
export interface DigestEntry {
  opportunityId: string;
  stage: string;
  level: string;
  reasons: readonly string[];
}

/** A risk as a digest line. */
export const digestEntry = (risk: DealRisk): DigestEntry => ({
  opportunityId: risk.opportunityId,
  stage: risk.stage,
  level: risk.level,
  reasons: firedReasons(risk),
});

/** One message listing a rep's deals whose risk rose. */
export function digestMessage(entries: readonly DigestEntry[]): string {
  const lines = entries.map((r) => `- ${r.opportunityId} (${r.stage}), ${r.level}: ${r.reasons.join('; ')}`);
  return `${entries.length} deal(s) need attention:\n${lines.join('\n')}`;
}
