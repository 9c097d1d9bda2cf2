import { z } from 'zod';
import type { AgentTask } from '../../kernel/index.js';
import type { WhatIfChange } from './whatif-changes.js';
import { parseClause } from './whatif-grammar.js';

const Change = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('add-people'),
    territory: z.string(),
    role: z.string(),
    count: z.number().int().positive(),
    quarter: z.number().int().min(1).max(4),
  }),
  z.object({ op: z.literal('remove-people'), territory: z.string(), count: z.number().int().positive() }),
  z.object({ op: z.literal('segment-threshold'), segment: z.string(), value: z.number() }),
  z.object({ op: z.literal('set-target'), territory: z.string(), value: z.number().nonnegative() }),
  z.object({ op: z.literal('move-person'), person: z.string(), territory: z.string() }),
  z.object({ op: z.literal('move-account'), account: z.string(), territory: z.string() }),
]);

const WhatIfInput = z.object({
  question: z.string().describe('The question, e.g. "add two reps to EMEA in Q2".'),
  context: z
    .object({
      territories: z.array(
        z.object({ id: z.string(), name: z.string(), segments: z.array(z.string()), depth: z.number() }),
      ),
      segments: z.array(z.string()),
      roles: z.array(z.string()),
      defaultRole: z.string(),
      people: z.array(z.string()),
    })
    .describe('The names in the active scenario the changes may use.'),
});

/**
 * Maps a what-if question to parameter changes on a copy of the active scenario. The heuristic
 * reads a documented grammar, clause by clause (joined by "and"); a clause it cannot read gives no
 * answer rather than a guess, and a territory named ambiguously lowers the confidence.
 */
export const whatIfTask: AgentTask<z.infer<typeof WhatIfInput>, { changes: WhatIfChange[] }> = {
  name: 'design.what-if',
  promptVersion: '1',
  instructions:
    'Turn a planning question into parameter changes on the active scenario: add or remove people in a ' +
    'territory (with the quarter they start), move a segment threshold, set a territory target, move a ' +
    'person or an account to a territory. Use only the territory, segment, role and person ids given. ' +
    'Answer with an empty list and low confidence when the question does not map to such changes.',
  input: WhatIfInput,
  output: z.object({ changes: z.array(Change) }),
  heuristic: ({ question, context }) => {
    const clauses = question.split(/\s+and\s+|;/i).filter((c) => c.trim() !== '');
    const parsed = clauses.map((c) => parseClause(context, c));
    const problems = parsed.flatMap((p) => ('problem' in p ? [p.problem] : []));
    if (problems.length > 0 || parsed.length === 0)
      return {
        answer: { changes: [] },
        confidence: 0,
        reasoning: problems.join('; ') || 'the question is empty',
      };
    const ok = parsed as { change: WhatIfChange; sure: boolean }[];
    const unsure = ok.filter((p) => !p.sure).length;
    return {
      answer: { changes: ok.map((p) => p.change) },
      confidence: unsure === 0 ? 0.9 : 0.6,
      reasoning: ok
        .map(
          (p) =>
            `${p.change.op} ${JSON.stringify(p.change)}${p.sure ? '' : ' (territory named ambiguously)'}`,
        )
        .join('; '),
    };
  },
};
