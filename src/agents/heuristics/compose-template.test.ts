import { describe, expect, it } from 'vitest';
import { composeFirst, composeTemplate } from './compose-template.js';

const facts = {
  contact: { firstName: 'Jane' },
  company: { name: 'Acme', employees: 250, hiring: ['SDRs', 'AEs', 'a RevOps lead'] },
  trigger: '',
};

describe('composeTemplate', () => {
  it('fills every slot from facts, lists read as prose, and optional slots without a fact are left out', () => {
    const c = composeTemplate(
      'Hi {{contact.firstName}}, {{company.name}} is hiring {{company.hiring}} {{trigger?}}.',
      facts,
    );
    expect(c.text).toBe('Hi Jane, Acme is hiring SDRs, AEs and a RevOps lead.');
    expect(c.missing).toEqual([]);
    expect(c.skipped).toEqual(['trigger']);
    expect(c.confidence).toBe(1);
    expect(c.reasoning).toBe('filled contact.firstName, company.name, company.hiring; left out trigger');
  });

  it('makes no text when a required fact is missing, and names it', () => {
    const c = composeTemplate('Congrats on the {{funding.round}}, {{contact.firstName}}!', facts);
    expect(c).toMatchObject({ text: null, missing: ['funding.round'], confidence: 0.5 });
    expect(c.reasoning).toBe('missing fact funding.round; no text is composed without it');
  });

  it('counts an object or empty value as missing, never printing it', () => {
    const c = composeTemplate('{{company}} / {{trigger}}', facts);
    expect(c.text).toBeNull();
    expect(c.missing).toEqual(['company', 'trigger']);
  });
});

describe('composeFirst', () => {
  it('uses the most specific template whose facts are all known', () => {
    const c = composeFirst(
      [
        'Congrats on the {{funding.round}}, {{contact.firstName}}!',
        'Hi {{contact.firstName}} at {{company.name}}.',
      ],
      facts,
    );
    expect(c).toMatchObject({ text: 'Hi Jane at Acme.', template: 1 });
    expect(c.reasoning).toBe('template 2 of 2: filled contact.firstName, company.name');
  });

  it('reports the closest template when none can be filled', () => {
    const c = composeFirst(['{{a}} {{b}}', '{{a}}'], {});
    expect(c).toMatchObject({ text: null, template: 1, missing: ['a'] });
  });
});
