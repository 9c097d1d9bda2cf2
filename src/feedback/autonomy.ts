import type { Db } from '../store/index.js';
import { proposalDecisions } from '../store/ops/proposals.js';
import type { GovernanceConfig } from '../workspace/index.js';
import type { Proposal, Resolution } from './proposal.js';

/**
 * Whether earned autonomy lets a proposal accept itself: a rule for its kind (and loop) whose bar
 * people have met, accepting at least `minApproved` proposals of the kind at a rate of at least
 * `minRate`, with a clean backtest when the rule asks for one. Returns the grant, or why not.
 */
export async function autonomyFor(
  db: Db,
  governance: GovernanceConfig,
  p: Proposal,
): Promise<{ grant: NonNullable<Resolution['auto']> } | { refused: string } | undefined> {
  const rules = governance.autonomy.filter(
    (r) => r.kind === p.kind && (r.loop === undefined || r.loop === p.loop),
  );
  if (rules.length === 0) return undefined;
  const why: string[] = [];
  for (const rule of rules) {
    const { accepted, rejected } = await proposalDecisions(db, {
      feedback: p.kind,
      ...(rule.loop ? { loop: rule.loop } : {}),
    });
    const decided = accepted + rejected;
    const rate = decided === 0 ? 0 : accepted / decided;
    const name = `${rule.loop ?? '*'}/${rule.kind}: ≥${rule.minApproved} accepted at ≥${rule.minRate}`;
    if (accepted < rule.minApproved || rate < rule.minRate) {
      why.push(`${name}: people accepted ${accepted} of ${decided}`);
      continue;
    }
    const b = p.backtest;
    if (rule.requireBacktest && (!b || b.decisions === 0 || b.failed > 0)) {
      why.push(
        `${name}: the backtest ${b ? `re-ran ${b.decisions} with ${b.failed} failure(s)` : 'is missing'}`,
      );
      continue;
    }
    return { grant: { rule: name, accepted, rejected, rate: Math.round(rate * 1000) / 1000 } };
  }
  return { refused: why.join('; ') };
}
