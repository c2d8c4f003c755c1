import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Twilio's request signing, computed here from its documentation (not with the adapter's own
 * code, so a bug there cannot hide in both): base64 HMAC-SHA1, keyed with the auth token, of the
 * URL followed by each POST parameter sorted by name, name and value concatenated.
 */
export function signTwilio(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .map((name) => name + params[name])
    .join('');
  return createHmac('sha1', authToken).update(url + data).digest('base64');
}

/** A fixture from test/fixtures/twilio (a form body as Twilio posts it), with fields changed or added. */
export function twilioForm(name: string, changes: Record<string, string> = {}): Record<string, string> {
  const text = readFileSync(new URL(`../../fixtures/twilio/${name}.form`, import.meta.url), 'utf8').trim();
  return { ...Object.fromEntries(new URLSearchParams(text)), ...changes };
}

export interface TwilioPost {
  params: Record<string, string>;
  /** Signed with this token (default: the gateway's). */
  token?: string;
  /** Signed for this URL (default: the gateway's public webhook URL). */
  url?: string;
  /** A literal header value, or false for none at all. */
  signature?: string | false;
}

/** What the gateway answered. */
export interface TwilioAnswer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  text: string;
}

/** POST a form to a gateway's Twilio webhook as Twilio does: signed for `publicUrl` unless told otherwise. */
export async function postToTwilioWebhook(gatewayUrl: string, defaults: { token: string; url: string }, post: TwilioPost): Promise<TwilioAnswer> {
  const signature = post.signature ?? signTwilio(post.token ?? defaults.token, post.url ?? defaults.url, post.params);
  const res = await fetch(`${gatewayUrl}/webhooks/twilio`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      ...(signature === false ? {} : { 'x-twilio-signature': signature }),
    },
    body: new URLSearchParams(post.params).toString(),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), text: await res.text() };
}

let sidCounter = 0;
/** A fresh, well-formed message SID (SM… or MM… and 32 hex digits). */
export const freshSid = (prefix: 'SM' | 'MM' = 'SM') => `${prefix}${(++sidCounter).toString(16).padStart(32, 'a')}`;
