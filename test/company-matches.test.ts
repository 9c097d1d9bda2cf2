import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAgentGateway } from '../src/agents/index.js';
import { matchCompanyTask } from '../src/loops/qualify/agent.js';

/** The accuracy the heuristic provider must reach on the labelled set. */
const REQUIRED_ACCURACY = 0.9;

const Company = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  domain: z.string().optional(),
  website: z.string().optional(),
});

const Case = z
  .strictObject({
    id: z.string().min(1),
    kind: z.string().min(1),
    query: Company.omit({ id: true }),
    candidates: z.array(Company).min(2),
    answer: z.string().nullable(),
    why: z.string().min(1),
  })
  .refine((c) => c.answer === null || c.candidates.some((x) => x.id === c.answer), {
    message: 'the answer must be one of the candidates, or null',
  });

const cases = z
  .array(Case)
  .parse(JSON.parse(readFileSync(new URL('./fixtures/company-matches.json', import.meta.url), 'utf8')));

describe('company matching: the labelled set of ambiguous cases', () => {
  it('is at least 50 varied cases, with "none" among the answers', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(cases.filter((c) => c.answer === null).length).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((c) => c.kind)).size).toBeGreaterThanOrEqual(8);
  });

  it(`the heuristic provider picks the right company (or none) in at least ${REQUIRED_ACCURACY * 100}% of them`, async () => {
    const gateway = createAgentGateway({ provider: 'heuristic' }, { env: {} });
    const misses: string[] = [];
    const byKind = new Map<string, { right: number; all: number }>();
    for (const c of cases) {
      const a = await gateway.ask(matchCompanyTask, { query: c.query, candidates: c.candidates });
      const right = a.answer.companyId === c.answer;
      const k = byKind.get(c.kind) ?? { right: 0, all: 0 };
      byKind.set(c.kind, { right: k.right + (right ? 1 : 0), all: k.all + 1 });
      if (!right)
        misses.push(
          `  ${c.id}: expected ${c.answer ?? 'none'}, got ${a.answer.companyId ?? 'none'} (${c.why})`,
        );
    }
    const right = cases.length - misses.length;
    const accuracy = right / cases.length;
    const kinds = [...byKind].map(([k, v]) => `${k} ${v.right}/${v.all}`).join(', ');
    console.log(
      `company-match accuracy: ${right}/${cases.length} = ${(accuracy * 100).toFixed(1)}% (${kinds})` +
        (misses.length > 0 ? `\nmissed:\n${misses.join('\n')}` : ''),
    );
    expect(accuracy).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
  });
});
