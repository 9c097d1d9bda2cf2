import { describe, expect, it } from 'vitest';
import { compareDomains, domainNameRelation, domainNameSimilarity, registrableDomain } from './domain.js';

describe('registrableDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['WWW.Acme.com:8080', 'acme.com'],
    ['https://app.eu.acme.co.uk/pricing?x=1', 'acme.co.uk'],
    ['jane.doe@mail.acme.com', 'acme.com'],
    ['http://user:pw@acme.io/', 'acme.io'],
    ['shop.acme.com.au', 'acme.com.au'],
    ['https://candles.myshopify.com/products', 'candles.myshopify.com'],
    ['studio.harboryoga.wixsite.com', 'harboryoga.wixsite.com'],
    ['jane@myshopify.com', 'myshopify.com'],
    ['localhost', null],
    ['not a domain', null],
    ['', null],
  ])('%s -> %s', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });
});

describe('compareDomains', () => {
  it('scores the same registrable domain 1, the same name under another suffix 0.7, others low', () => {
    expect(compareDomains('https://www.acme.com', 'jane@acme.com').score).toBe(1);
    expect(compareDomains('acme.com', 'acme.io')).toEqual({
      score: 0.7,
      basis: 'same name acme under another suffix (acme.com vs acme.io)',
    });
    expect(compareDomains('acme.com', 'acmelabs.io').score).toBe(0.25);
    expect(compareDomains('acme.com', 'nope').score).toBe(0);
  });
});

describe('domainNameSimilarity', () => {
  it('fits a domain to a company name', () => {
    expect(domainNameSimilarity('acmelabs.io', 'Acme Labs, Inc.')).toBe(1);
    expect(domainNameSimilarity('acme-labs.com', 'Acme Labs')).toBe(1);
    expect(domainNameSimilarity('ibm.com', 'International Business Machines')).toBe(0.85);
    expect(domainNameSimilarity('acme.com', 'Acme Analytics')).toBe(0.85);
    expect(domainNameSimilarity('globex.com', 'Initech')).toBeLessThan(0.3);
    expect(domainNameSimilarity('acmecorp.com', 'Acme Corp')).toBe(1);
    expect(domainNameSimilarity('theapexgroup.com', 'The Apex Group')).toBeLessThan(0.85);
  });
});

describe('domainNameRelation', () => {
  it('tells a domain that spells a name from one that names a more specific company', () => {
    expect(domainNameRelation('initech.io', 'Initech')).toBe('fits');
    expect(domainNameRelation('acme-dental.com', 'Acme')).toBe('extends');
    expect(domainNameRelation('acmelabs.io', 'Acme Corp')).toBe('extends');
    expect(domainNameRelation('telekom.de', 'Deutsche Telekom')).toBe('other');
    expect(domainNameRelation('ab.com', 'AB')).toBe('fits');
    expect(domainNameRelation('abx.com', 'AB')).toBe('other');
  });
});
