import type { FeedbackSpec, Finding } from '../../kernel/index.js';
import type { DeployConfig } from './config.js';
import { MOVE_SEPARATOR } from './metrics.js';

/**
 * Proposes the move drift checks keep suggesting: the person joins the overloaded territory in the
 * manage copy (`manage.people`), so the next plan rebalances its accounts. Evidence: how often it was suggested.
 */
const rebalanceProposer: FeedbackSpec<DeployConfig> = {
  name: 'rebalance',
  description: 'Proposes moving a rep into an overloaded territory when drift checks keep suggesting it.',
  level: 3,
  reads: ['suggested_move'],
  evaluate: (metrics, config): Finding[] => {
    const top = metrics
      .filter((m) => m.metric === 'suggested_move' && m.count >= config.rebalance.minChecks)
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))[0];
    if (!top) return [];
    const [person, territory] = top.label.split(MOVE_SEPARATOR) as [string, string];
    if (config.manage.people[person] === territory) return [];
    return [
      {
        feedback: 'rebalance',
        severity: 'warning',
        message: `move ${person} to ${territory}: ${top.count} drift check(s) found it over plan`,
        evidence: { person, territory, checks: top.count },
        patch: [
          { path: `manage.people.${person}`, from: config.manage.people[person] ?? null, to: territory },
        ],
      },
    ];
  },
};

/** Deploy's feedback. */
export const deployFeedback: readonly FeedbackSpec<DeployConfig>[] = [rebalanceProposer];
