import { describe, expect, it } from 'vitest';
import { isQuestion, splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('splits at sentence ends but not at abbreviations, initials or decimals', () => {
    expect(
      splitSentences(
        'We spoke to Dr. Chen at Acme Inc. about it. Budget is $1.5M! J. Smith signs e.g. contracts.',
      ),
    ).toEqual([
      'We spoke to Dr. Chen at Acme Inc. about it.',
      'Budget is $1.5M!',
      'J. Smith signs e.g. contracts.',
    ]);
  });

  it('drops timestamps and bullets, keeps speaker labels, and splits at semicolons and line breaks', () => {
    expect(
      splitSentences(
        '[00:01:05] Ravi (CTO): We use spreadsheets; it breaks.\r\n\n- Next step: a pilot\n2) Legal review',
      ),
    ).toEqual(['Ravi (CTO): We use spreadsheets', 'it breaks.', 'Next step: a pilot', 'Legal review']);
  });
});

describe('isQuestion', () => {
  it('tells a question from a statement', () => {
    expect(isQuestion('Is there budget set aside?')).toBe(true);
    expect(isQuestion('Do you have budget?")')).toBe(true);
    expect(isQuestion('Budget is set aside.')).toBe(false);
  });
});
