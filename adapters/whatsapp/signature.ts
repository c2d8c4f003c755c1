import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Outcome of checking `X-Hub-Signature-256`: answered 401 when missing, 403 when wrong. */
export type SignatureCheck = 'ok' | 'missing' | 'mismatch';

/**
 * Check Meta's `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the
 * app secret, compared in constant time. The raw bytes, never a re-serialisation: Meta signs the
 * escaped-unicode form it sends (`\u00e9`), which JSON.stringify would not reproduce.
 */
export function checkSignature(rawBody: Buffer, header: string | string[] | undefined, appSecret: string): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const match = typeof header === 'string' ? /^sha256=([0-9a-f]{64})$/i.exec(header.trim()) : null;
  if (!match) return 'mismatch';
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(given, expected) ? 'ok' : 'mismatch';
}

/** Compare two secrets in constant time, whatever their lengths (both are hashed first). */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
