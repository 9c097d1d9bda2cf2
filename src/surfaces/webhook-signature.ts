import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hex HMAC-SHA256 of `<timestamp>.<body>`, the signed string of every revloops webhook. */
export function computeSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The X-Revloops-Signature header value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: string, body: string): string {
  return `v1=${computeSignature(secret, timestamp, body)}`;
}

/**
 * Checks a received webhook: the signature header (one or more comma-separated `v1=<hex>`, so a
 * secret can be rotated) must match the body and timestamp, and the timestamp (unix seconds) must be
 * within `toleranceSeconds` of `now`, which stops replays of old requests.
 */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  toleranceSeconds = 300,
  now: Date = new Date(),
): boolean {
  if (!/^\d+$/.test(timestamp)) return false;
  const age = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (!(age <= toleranceSeconds)) return false;
  const expected = Buffer.from(computeSignature(secret, timestamp, body), 'hex');
  return signature
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const hex = part.slice(3);
      if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
      return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
    });
}
