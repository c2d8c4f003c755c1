import { validateSignature } from '@line/bot-sdk';

import type { SignatureCheck } from '../webhook.js';

/**
 * Check `x-line-signature` (base64 HMAC-SHA256 of the exact body bytes with the channel
 * secret) with the SDK's constant-time `validateSignature`. The raw bytes are used: re-serialized
 * JSON would not match whatever LINE escaped.
 */
export function checkSignature(rawBody: Buffer, header: string | string[] | undefined, channelSecret: string): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  if (typeof header !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(header.trim())) return 'mismatch';
  return validateSignature(rawBody, channelSecret, header.trim()) ? 'ok' : 'mismatch';
}
