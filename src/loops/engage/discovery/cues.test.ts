import { describe, expect, it } from 'vitest';
import { compileCues, DEFAULT_HEDGES, DEFAULT_NEGATIONS, findCues, hedgeOf, negationOf } from './cues.js';

const negated = (sentence: string, cue = 'budget*') => {
  const [hit] = findCues(sentence, compileCues([cue]));
  if (!hit) throw new Error(`no cue in ${sentence}`);
  return negationOf(sentence, hit, DEFAULT_NEGATIONS);
};

describe('cues', () => {
  it('match whole words, case-insensitively, with * for any ending and dashes for spaces', () => {
    const cues = compileCues(['sign off', 'approv*', 'po']);
    expect(findCues('The CFO will Sign-off and approves it', cues).map((h) => h.phrase)).toEqual([
      'sign off',
      'approv*',
    ]);
    expect(findCues('We need a PO number', cues).map((h) => h.phrase)).toEqual(['po']);
    expect(findCues('A positive outlook', cues)).toEqual([]);
  });

  it('find a negation in the cue\'s clause, not across a comma or "but"', () => {
    expect(negated('There is no budget yet.')).toBe('no');
    expect(negated("The budget isn't approved.")).toBe("n't");
    expect(negated('Budget: TBD')).toBe('tbd');
    expect(negated("It's unclear who would sign off", 'sign off')).toBe('unclear');
    expect(negated('We have an $80k budget, not a problem.')).toBeNull();
    expect(negated('Not this year, but the budget for 2027 is approved.')).toBeNull();
  });

  it('find hedges', () => {
    expect(hedgeOf('I think the CFO signs', DEFAULT_HEDGES)).toBe('i think');
    expect(hedgeOf('Probably Q3.', DEFAULT_HEDGES)).toBe('probably');
    expect(hedgeOf('The CFO signs.', DEFAULT_HEDGES)).toBeNull();
  });
});
