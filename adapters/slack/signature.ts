import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests signed longer ago, or further in the future, than this are refused: a captured request cannot be replayed later. */
export const REPLAY_WINDOW_S = 5 * 60;

/** `X-Slack-Signature` for a body: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

/**
 * Why a request fails Slack's signature check, or undefined when it passes. The timestamp must be
 * within 5 minutes of now either way (Bottender's replay window), and the signature is compared
 * in constant time over the exact bytes received.
 */
export function slackSignatureProblem(
  signingSecret: string,
  headers: { timestamp?: string | undefined; signature?: string | undefined },
  rawBody: Buffer | undefined,
  nowS: number,
): string | undefined {
  if (!headers.timestamp) return 'missing X-Slack-Request-Timestamp header';
  if (!headers.signature) return 'missing X-Slack-Signature header';
  if (!/^\d{1,12}$/.test(headers.timestamp)) return 'X-Slack-Request-Timestamp is not a Unix time in seconds';
  if (Math.abs(nowS - Number(headers.timestamp)) > REPLAY_WINDOW_S) return 'X-Slack-Request-Timestamp is more than 5 minutes away from now (replayed, or the clock is off)';
  if (!rawBody) return 'no request body to verify (send application/json or application/x-www-form-urlencoded)';
  const expected = Buffer.from(slackSignature(signingSecret, headers.timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : 'X-Slack-Signature does not match the body (check SLACK_SIGNING_SECRET)';
}
