import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import type { Logger } from '../../src/log.js';
import type { RouteRequest, RouteResponse } from '../../src/http/mount.js';
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

/**
 * Meta's webhook verification (Messenger and WhatsApp alike): `GET` with `hub.mode=subscribe`, the
 * verify token typed into the app's settings, and `hub.challenge`, echoed raw as text (Meta
 * compares it byte for byte); 403 otherwise, naming the setting to check.
 */
export function verifyMetaSubscription(req: RouteRequest, res: RouteResponse, verifyToken: string, setting: string, log: Logger): void {
  const query = new URL(req.originalUrl, 'http://localhost').searchParams;
  const challenge = query.get('hub.challenge');
  if (query.get('hub.mode') !== 'subscribe' || !secretsEqual(query.get('hub.verify_token') ?? '', verifyToken)) {
    log.warn('webhook verification refused: wrong hub.mode or hub.verify_token');
    res.status(403).json({ error: `verification failed: hub.mode must be "subscribe" and hub.verify_token must equal ${setting}` });
    return;
  }
  if (!challenge) {
    res.status(400).json({ error: 'hub.challenge is missing' });
    return;
  }
  log.info('webhook subscription verified');
  res.status(200).set('X-Content-Type-Options', 'nosniff').type('text/plain').send(challenge);
}
