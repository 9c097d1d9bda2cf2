import { z } from 'zod';
import { classifyBySignals } from '../../agents/heuristics/index.js';
import type { AgentTask } from '../../kernel/index.js';

const Candidate = z.object({
  territory: z.string().describe('The territory id.'),
  name: z.string().describe('Its name.'),
  criteria: z.array(z.string()).describe('What it matches on, e.g. country in US, CA.'),
});

const PickTerritoryInput = z.object({
  account: z.record(z.string(), z.unknown()).describe('The account’s fields.'),
  why: z.string().describe('Why rules alone could not place it.'),
  candidates: z.array(Candidate).describe('Territories it may belong to.'),
  duplicates: z
    .array(z.object({ id: z.string(), territory: z.string() }))
    .describe('Other accounts on the same domain and where the rules put them.'),
});

/** The question of the pick-territory task. */
export type PickTerritoryInput = z.infer<typeof PickTerritoryInput>;

/**
 * Which territory an account belongs to when several match or duplicates disagree. The heuristic
 * weighs each candidate by how specific its criteria are (more criteria matched, more specific)
 * and each duplicate's placement as a vote; a tie gives no answer rather than a guess.
 */
export const pickTerritoryTask: AgentTask<PickTerritoryInput, { territory: string | null }> = {
  name: 'deploy.pick-territory',
  promptVersion: '1',
  instructions:
    'An account must be placed in exactly one sales territory. Several territories match it, or ' +
    'duplicate accounts on its domain were placed in different territories. Pick the territory the ' +
    'account belongs to from its country, industry, segment and the duplicates, or null when the ' +
    'evidence does not settle it. Lower your confidence when two territories fit nearly as well.',
  input: PickTerritoryInput,
  output: z.object({
    territory: z.string().nullable().describe('One of the candidate territories, or null.'),
  }),
  heuristic: (input) => {
    const signals = [
      ...input.candidates.map((c) => ({
        name: `criteria of ${c.territory}`,
        label: c.territory,
        weight: c.criteria.length,
        evidence: c.criteria.join('; ') || 'no criteria',
      })),
      ...input.duplicates.map((d) => ({
        name: `duplicate ${d.id}`,
        label: d.territory,
        weight: 1,
        evidence: `the rules placed ${d.id} in ${d.territory}`,
      })),
    ];
    const r = classifyBySignals(signals);
    const ok = r.label !== null && input.candidates.some((c) => c.territory === r.label);
    return {
      answer: { territory: ok ? r.label : null },
      confidence: ok ? r.confidence : 0,
      reasoning: r.reasoning,
    };
  },
};
