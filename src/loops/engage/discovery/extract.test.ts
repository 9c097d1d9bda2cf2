import { describe, expect, it } from 'vitest';
import { DiscoveryConfig } from './config.js';
import { DEFAULT_HEDGES, DEFAULT_NEGATIONS } from './cues.js';
import { extractEvidence } from './extract.js';
import { BUILT_IN_FRAMEWORKS } from './frameworks.js';

const bant = BUILT_IN_FRAMEWORKS.bant?.dimensions ?? [];
const run = (text: string, dimensions = bant) =>
  extractEvidence({
    dimensions,
    negations: DEFAULT_NEGATIONS,
    hedges: DEFAULT_HEDGES,
    amountFrom: ['budget'],
    text,
  });
const dim = (text: string, key: string, dimensions = bant) =>
  run(text, dimensions).dimensions.find((d) => d.key === key);

describe('extractEvidence', () => {
  it('weighs a cue more with the entity the dimension looks for, less when hedged, and combines sentences', () => {
    expect(dim('They have a budget.', 'budget')?.confidence).toBe(0.5);
    expect(dim('They have a budget of $50k.', 'budget')?.confidence).toBe(0.8);
    expect(dim('They probably have a budget of $50k.', 'budget')?.confidence).toBe(0.56);
    const both = dim('They have a budget of $50k. Funding is allocated.', 'budget');
    expect(both?.confidence).toBe(0.92);
    expect(both?.evidence).toEqual(['They have a budget of $50k.', 'Funding is allocated.']);
  });

  it("skips the rep's questions and marks a negated dimension contradicted with follow-ups", () => {
    expect(dim('What budget do you have for this?', 'budget')?.status).toBe('missing');
    const none = dim('Is there budget? No budget has been set aside yet.', 'budget');
    expect(none).toMatchObject({
      status: 'contradicted',
      evidence: ['No budget has been set aside yet.'],
      followUps: ['Is there budget set aside for this, and roughly how much?', expect.any(String)],
    });
    expect(none?.signals[0]).toBe('cue "budget*" negated by "no"');
  });

  it('lets evidence for outweigh an earlier "no" and takes the largest budget amount named', () => {
    const r = run('No budget was planned in Q3. The CFO has now approved a $75k budget, up from $40k.');
    expect(r.dimensions.find((d) => d.key === 'budget')?.status).toBe('evidenced');
    expect(r.amount).toBe(75000);
  });

  it('works with a custom framework from config', () => {
    const c = DiscoveryConfig.parse({
      framework: 'champ',
      frameworks: {
        champ: {
          dimensions: [
            {
              key: 'challenges',
              label: 'Challenges',
              questions: ['What is hardest today?'],
              evidence: { cues: ['struggl*', 'bottleneck'] },
            },
            {
              key: 'prioritization',
              label: 'Prioritization',
              questions: ['Where does this rank this quarter?'],
              evidence: { cues: ['top priority', 'priorit*'], entities: ['date'] },
            },
          ],
        },
      },
    });
    const r = run(
      'Onboarding is the bottleneck. It is their top priority for Q2.',
      c.frameworks.champ?.dimensions ?? [],
    );
    expect(r.dimensions.map((d) => [d.key, d.status, d.confidence])).toEqual([
      ['challenges', 'evidenced', 0.5],
      ['prioritization', 'evidenced', 0.9],
    ]);
    expect(r.reasoning).toBe(
      '2 sentences; evidenced: challenges, prioritization; contradicted: none; missing: none',
    );
  });
});
