import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests older or newer than this are refused: a captured request cannot be replayed later. */
export const REPLAY_WINDOW_S = 5 * 60;

/** `X-Slack-Signature` for a body: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

/** Why a request fails Slack's signature check, or undefined when it passes (constant-time compare). */
export function slackSignatureProblem(signingSecret: string, headers: { timestamp?: string; signature?: string }, rawBody: Buffer | undefined, nowS: number): string | undefined {
  if (!headers.timestamp || !headers.signature) return 'missing X-Slack-Request-Timestamp or X-Slack-Signature';
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > REPLAY_WINDOW_S) return 'X-Slack-Request-Timestamp is more than 5 minutes away from now';
  if (!rawBody) return 'no body';
  const expected = Buffer.from(slackSignature(signingSecret, headers.timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : 'X-Slack-Signature does not match';
}
