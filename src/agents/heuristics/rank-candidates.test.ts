import { describe, expect, it } from 'vitest';
import { rankCandidates } from './rank-candidates.js';

const acme = [
  { id: 'acc-corp', name: 'Acme Corp', domain: 'acme.com', value: 'corp' },
  { id: 'acc-labs', name: 'Acme Labs', domain: 'acmelabs.io', value: 'labs' },
];

describe('rankCandidates', () => {
  it('picks the domain match with high confidence when names alone are close', () => {
    const r = rankCandidates({ name: 'Acme', website: 'https://www.acme.com/pricing' }, acme);
    expect(r.best?.id).toBe('acc-corp');
    expect(r.best?.value).toBe('corp');
    expect(r.best?.score).toBe(1);
    expect(r.confidence).toBeGreaterThanOrEqual(0.95);
    expect(r.best?.evidence).toEqual([
      'domain: same domain acme.com (1.00)',
      'name: "acme" vs "acme": same name (1.00)',
    ]);
    expect(r.ranked.map((c) => c.id)).toEqual(['acc-corp', 'acc-labs']);
    expect(r.ranked[1]?.score).toBeLessThan(0.5);
    expect(r.reasoning).toContain('acc-corp scores 1.000');
  });

  it('gives low confidence when only names tie', () => {
    const r = rankCandidates({ name: 'ACME, Inc.' }, [
      { id: 'a', name: 'Acme Corp', value: 1 },
      { id: 'b', name: 'The Acme Corporation', value: 2 },
      { id: 'c', name: 'Acme Labs', value: 3 },
    ]);
    expect(r.ranked.map((c) => [c.id, c.score])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 0.778],
    ]);
    expect(r.confidence).toBe(0.4);
    expect(r.reasoning).toContain('leads b (1.000) by 0.000');
  });

  it('matches subdomains and e-mail domains by registrable domain, and ignores free-mail domains', () => {
    const byEmail = rankCandidates({ domain: 'jane@eu.mail.acme.co.uk' }, [
      { id: 'uk', domain: 'acme.co.uk', value: null },
      { id: 'us', domain: 'acme.com', value: null },
    ]);
    expect(byEmail.best?.id).toBe('uk');
    expect(byEmail.ranked[1]?.score).toBe(0.7);
    const gmail = rankCandidates({ name: 'Globex', domain: 'gmail.com' }, [
      { id: 'g', name: 'Globex Corporation', domain: 'globex.com', value: null },
    ]);
    expect(gmail.best?.score).toBe(1);
    expect(gmail.reasoning).toContain('gmail.com is a free e-mail domain');
  });

  it('checks a candidate without a domain against the query domain by name, as weaker evidence', () => {
    const r = rankCandidates({ name: 'Acme', domain: 'acme.com' }, [
      ...acme,
      { id: 'no-domain', name: 'Acme Inc.', value: 'dup' },
    ]);
    expect(r.best?.id).toBe('acc-corp');
    expect(r.ranked[1]?.id).toBe('no-domain');
    expect(r.ranked[1]?.evidence[0]).toBe(
      'domain: candidate has none; acme.com fits its name "Acme Inc." 0.60',
    );
    expect(r.confidence).toBeGreaterThan(0.8);
    expect(r.confidence).toBeLessThan(0.95);
  });

  it('returns no best candidate for no candidates, no match, or an empty query', () => {
    expect(rankCandidates({ name: 'Acme' }, [])).toMatchObject({ best: null, confidence: 0 });
    expect(rankCandidates({}, acme)).toMatchObject({
      best: null,
      confidence: 0,
      reasoning: 'the query has no name or domain to match on',
    });
    const none = rankCandidates({ domain: 'initech.com' }, [{ id: 'x', value: 0 }]);
    expect(none.best).toBeNull();
    expect(none.reasoning).toBe('none of 1 candidates matches at all');
  });

  it("answers none when the closest candidate is another company the lead's own domain rules out", () => {
    const r = rankCandidates({ name: 'Initech', domain: 'initech.io' }, [
      { id: 'intech', name: 'Intech Solutions', domain: 'intech.com', value: null },
      { id: 'infotech', name: 'InfoTech Inc', domain: 'infotech.com', value: null },
    ]);
    expect(r.best).toBeNull();
    expect(r.ranked[0]?.evidence.at(-1)).toMatch(
      /^conflict: the lead's domain initech.io names its own company/,
    );
    expect(r.reasoning).toMatch(
      /no candidate is the same company: the closest, infotech, scores 0\.\d+ < 0\.5/,
    );
    expect(r.confidence).toBeGreaterThan(0.6);
    const dental = rankCandidates({ name: 'Acme', domain: 'acme-dental.com' }, acme);
    expect(dental.best).toBeNull();
  });

  it("keeps a candidate whose domain the lead's domain spells, and reads a brand domain as the name", () => {
    const vw = rankCandidates({ name: 'Volkswagen', domain: 'volkswagen.de' }, [
      { id: 'ag', name: 'Volkswagen AG', domain: 'volkswagenag.com', value: null },
      { id: 'fs', name: 'Volkswagen Financial Services AG', domain: 'vwfs.com', value: null },
    ]);
    expect(vw.best?.id).toBe('ag');
    const brand = rankCandidates({ name: 'Nubank', domain: 'gmail.com' }, [
      { id: 'nu', name: 'Nu Pagamentos S.A.', domain: 'nubank.com.br', value: null },
      { id: 'skin', name: 'Nu Skin Enterprises', domain: 'nuskin.com', value: null },
    ]);
    expect(brand.best?.id).toBe('nu');
    expect(brand.best?.evidence[0]).toContain('but its domain nubank.com.br spells the name (0.90)');
  });

  it('treats a placeholder company name as no name', () => {
    const r = rankCandidates({ name: 'Freelance', domain: 'yahoo.com' }, [
      { id: 'f', name: 'Freelancer Ltd', domain: 'freelancer.com', value: null },
    ]);
    expect(r.best).toBeNull();
    expect(r.reasoning).toBe(
      'yahoo.com is a free e-mail domain, so only the name counts; "Freelance" is a placeholder, not a company name; the query has no name or domain to match on',
    );
  });

  it('is deterministic: equal scores order by id', () => {
    const cands = [
      { id: 'z', name: 'Acme', value: 0 },
      { id: 'm', name: 'Acme', value: 0 },
    ];
    expect(rankCandidates({ name: 'acme' }, cands).ranked.map((c) => c.id)).toEqual(['m', 'z']);
  });
});
