import { describe, expect, it } from 'vitest';
import { computeSignature, signatureHeader, verifySignature } from './webhook-signature.js';

const NOW = new Date('2025-03-03T09:00:00.000Z');
const TS = String(NOW.getTime() / 1000);
const BODY = '{"id":"out_1","type":"notification"}';

describe('webhook signatures', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 (a known vector)', () => {
    // openssl: printf '1741000000.{}' | openssl dgst -sha256 -hmac secret
    expect(computeSignature('secret', '1741000000', '{}')).toBe(
      'aba617b0ffb85f654c7b065ef3cf65b95423e834dbee558a6ee025803e52b702',
    );
    expect(signatureHeader('secret', TS, BODY)).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('accepts a fresh, matching signature and rejects tampering, other secrets and stale timestamps', () => {
    const sig = signatureHeader('secret', TS, BODY);
    expect(verifySignature('secret', TS, BODY, sig, 300, NOW)).toBe(true);
    expect(verifySignature('secret', TS, `${BODY} `, sig, 300, NOW)).toBe(false);
    expect(verifySignature('wrong', TS, BODY, sig, 300, NOW)).toBe(false);
    expect(verifySignature('secret', String(Number(TS) + 1), BODY, sig, 300, NOW)).toBe(false);
    expect(verifySignature('secret', TS, BODY, sig, 300, new Date(NOW.getTime() + 301_000))).toBe(false);
    expect(verifySignature('secret', TS, BODY, sig, 300, new Date(NOW.getTime() - 301_000))).toBe(false);
    expect(verifySignature('secret', TS, BODY, sig, 600, new Date(NOW.getTime() + 301_000))).toBe(true);
    expect(verifySignature('secret', 'soon', BODY, sig, 300, NOW)).toBe(false);
    expect(verifySignature('secret', TS, BODY, 'v1=zz', 300, NOW)).toBe(false);
    expect(verifySignature('secret', TS, BODY, sig.replace('v1=', 'v0='), 300, NOW)).toBe(false);
  });

  it('accepts any one of several v1 signatures, so a secret can be rotated', () => {
    const header = `${signatureHeader('old', TS, BODY)}, ${signatureHeader('new', TS, BODY)}`;
    expect(verifySignature('new', TS, BODY, header, 300, NOW)).toBe(true);
    expect(verifySignature('old', TS, BODY, header, 300, NOW)).toBe(true);
    expect(verifySignature('other', TS, BODY, header, 300, NOW)).toBe(false);
  });
});
