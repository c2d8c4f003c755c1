import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A link the shop puts on its order page or e-mail (Telegram `/start <token>`, web chat
 * `?order=<token>`, a WhatsApp prefilled text): the order id and an HMAC of it, so nobody can
 * attach themselves to another buyer's order. Fits Telegram's 64-character /start payload.
 */
export function linkToken(orderId: string, secret: string): string {
  const id = Buffer.from(orderId, 'utf8').toString('base64url');
  return `o_${id}_${mac(id, secret)}`;
}

const mac = (id: string, secret: string) => createHmac('sha256', secret).update(`order-link:${id}`).digest('base64url').slice(0, 16);

/** A token anywhere in a message (after `/start`, in a prefilled text). It may end in "-" or "_" (base64url): no `\b` after it. */
export const LINK_TOKEN = /\bo_([A-Za-z0-9-]{1,60})_([A-Za-z0-9_-]{16})(?![A-Za-z0-9_-])/;

/** The order id of a genuine token in the text, else undefined. */
export function orderOfLinkToken(text: string, secret: string): string | undefined {
  const m = LINK_TOKEN.exec(text);
  if (!m) return undefined;
  const given = Buffer.from(m[2]!);
  const expected = Buffer.from(mac(m[1]!, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? Buffer.from(m[1]!, 'base64url').toString('utf8') : undefined;
}
