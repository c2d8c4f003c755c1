import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import type { SignatureCheck } from '../webhook.js';

/**
 * Check Meta's `X-Hub-Signature-256: sha256=<hex>` (HMAC-SHA256 of the exact body bytes with
 * the app secret) in constant time. Botkit's adapter only compares the SHA-1 header with `!==`,
 * which leaks timing, so this runs before any Botkit code sees the request.
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
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
