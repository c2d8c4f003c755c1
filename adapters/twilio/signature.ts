import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureProblem } from '../webhook.js';

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1 (key: the auth token) of the full URL Twilio
 * called, followed by every POST parameter sorted by name, each name directly followed by its
 * value. A name sent more than once contributes each distinct value, sorted (as Twilio's SDKs do).
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  let data = url;
  for (const name of names) {
    for (const value of [...new Set(params.getAll(name))].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * The URL as written and with its default port spelled out or dropped: Twilio is not consistent
 * about the port in what it signs, so its SDKs accept either form; so do we.
 */
function urlForms(url: string): string[] {
  const parsed = new URL(url);
  if (parsed.port) {
    const withoutPort = new URL(url);
    withoutPort.port = '';
    return [url, withoutPort.toString()];
  }
  const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
  return [url, `${parsed.protocol}//${parsed.host}:${defaultPort}${parsed.pathname}${parsed.search}`];
}


/**
 * Check a webhook's signature against the URL Twilio was told to call (the configured public
 * URL, never one rebuilt from the request's Host header, which a proxy or a client controls).
 * Compared in constant time. Returns undefined when the signature is good.
 *
 * Botkit's `TwilioAdapter` has its own check, but it builds the validation URL with an
 * operator-precedence bug (`proto || secure ? 'https' : 'http'`) and answers a failure with 400;
 * requests are checked here and never handed to it.
 */
export function twilioSignatureProblem(authToken: string, url: string, params: URLSearchParams, header: string | undefined): SignatureProblem | undefined {
  if (!header) return { status: 401, reason: 'missing X-Twilio-Signature header' };
  const given = Buffer.from(header);
  let match = false;
  for (const form of urlForms(url)) {
    const expected = Buffer.from(twilioSignature(authToken, form, params));
    // Every form is compared, so the time taken does not tell which one (if any) matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) match = true;
  }
  return match ? undefined : { status: 403, reason: 'X-Twilio-Signature does not match this request' };
}
