import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Slack's request signing, computed here from its documentation (not with the adapter's own
 * code, so a bug there cannot hide in both): `v0=` + hex HMAC-SHA256 of `v0:<ts>:<raw body>`.
 */
export function signSlack(secret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Unix time now, in seconds, as Slack puts in X-Slack-Request-Timestamp. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A fixture from test/fixtures/slack, parsed. */
export function slackFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** An interaction payload as Slack sends it: form-encoded `payload=<json>`. */
export const asForm = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export interface SlackPost {
  /** Exact body bytes (JSON, or a form for interactions). */
  body: string;
  form?: boolean;
  /** Signing time; default now. */
  ts?: number;
  secret?: string;
  /** false: no signature headers at all. */
  sign?: boolean;
  headers?: Record<string, string>;
  path?: string;
}

/** POST to a gateway as Slack does: signed with the current time unless told otherwise. */
export async function postToSlackWebhook(gatewayUrl: string, secret: string, post: SlackPost): Promise<{ status: number; json: unknown; retryAfter: string | null }> {
  const ts = post.ts ?? nowSeconds();
  const res = await fetch(`${gatewayUrl}${post.path ?? '/webhooks/slack'}`, {
    method: 'POST',
    headers: {
      'content-type': post.form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...(post.sign === false ? {} : { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlack(post.secret ?? secret, ts, post.body) }),
      ...post.headers,
    },
    body: post.body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, retryAfter: res.headers.get('retry-after') };
}
