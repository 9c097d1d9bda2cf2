import { describe, expect, it } from 'vitest';
import { RubricConfig } from './rubric-config.js';
import { type RubricInput, scoreSequence } from './sequence-rubric.js';

const rules = RubricConfig.parse({});
const facts: RubricInput['facts'] = {
  firstName: 'Maya',
  company: 'Northwind Analytics',
  headline: ['Series B', '$40M'],
  details: ['Salesforce', 'VP of Revenue Operations'],
};
const valueProps = [{ name: 'forecast-accuracy', keywords: ['forecast'] }];

const good = {
  subject: 'After the Series B: forecasting at Northwind Analytics',
  lines: [
    'Hi Maya,',
    'Congratulations on the $40M Series B. A round usually means more reps and a board that watches the forecast closely.',
    'Acme gives teams on Salesforce a forecast the board can trust, built from the deals themselves.',
    'Teller Systems cut its forecast miss from 18% to 6% in two quarters.',
    'Would a 20-minute look at your current pipeline next week be useful?',
    'Best,\nCara',
  ],
};

const score = (steps: RubricInput['steps']) =>
  Object.fromEntries(scoreSequence({ steps, facts, valueProps, rules }).map((c) => [c.id, c]));

describe('the seven-criterion rubric', () => {
  it('scores a researched, well-formed email full marks on every criterion, with evidence', () => {
    const s = score([good]);
    for (const c of Object.values(s)) expect(c.score, `${c.id}: ${c.evidence}`).toBe(1);
    expect(s.relevance?.evidence).toContain("'forecast'");
    expect(s.relevance?.evidence).toContain('Series B');
    expect(s.callToAction?.evidence).toContain('Would a 20-minute look');
  });

  it('marks down a generic, pushy, overlong email on the criteria it breaks, and says why', () => {
    const bad = {
      subject: 'RE: QUICK QUESTION',
      lines: [
        'Hello there',
        `Just checking in! We offer best-in-class solutions!! ${'Our platform does many things. '.repeat(30)}`,
        'Can we talk? Are you open Friday?',
      ],
    };
    const s = score([bad]);
    expect(s.relevance?.score).toBe(0);
    expect(s.personalization?.score).toBe(0);
    expect(s.specificity?.evidence).toContain('best-in-class');
    expect(s.callToAction?.evidence).toContain('2 asks');
    expect(s.tone?.score).toBeLessThan(0.5);
    expect(s.tone?.evidence).toContain('just checking in');
    expect(s.length?.evidence).toMatch(/> 150/);
    expect(s.formatting?.evidence).toContain('subject fakes a reply or shouts');
  });

  it('wants the "why now" signal in the first email when research found one', () => {
    const noSignal = {
      ...good,
      subject: 'Forecasting at Northwind Analytics',
      lines: good.lines.map((l) => l.replace('$40M Series B', 'news')),
    };
    const s = score([noSignal]);
    expect(s.relevance?.score).toBe(0.5);
    expect(s.relevance?.evidence).toContain('misses the "why now" signal');
  });
});
