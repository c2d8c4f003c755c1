import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Signed visitor tokens: `v1.<visitorId>.<hmac>`. The server makes the id, so a browser can
 * neither pick nor guess another visitor's conversation (Botkit's web adapter trusts the id
 * the browser sends).
 */
export function issueVisitorToken(secret: string, visitorId: string = randomUUID()): { token: string; visitorId: string } {
  return { token: `v1.${visitorId}.${sign(secret, visitorId)}`, visitorId };
}

/** The visitor id of a valid token, or undefined. Compared in constant time. */
export function verifyVisitorToken(secret: string, token: string | undefined | null): string | undefined {
  const match = /^v1\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return undefined;
  const [, visitorId, mac] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(secret, visitorId));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? visitorId : undefined;
}

function sign(secret: string, visitorId: string): string {
  return createHmac('sha256', secret).update(`webchat:${visitorId}`).digest('base64url');
}
