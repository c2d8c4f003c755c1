
import nock from 'nock';
import type { SendRequest } from '../../../adapters/facebook/render.js';

/** The fake Graph host the tests point FACEBOOK_API_HOST at. */
export const GRAPH_HOST = 'graph.facebook.test';
/** Its base URL, for nock. */
export const GRAPH = `https://${GRAPH_HOST}`;
/** The Graph version the tests pin (FACEBOOK_API_VERSION), so a new default cannot break them. */
export const API_VERSION = 'v19.0';
/** The Send API path at that version. */
export const SEND_PATH = `/${API_VERSION}/me/messages`;

/** One Send API call as it reached the wire. */
export interface SentMessage {
  query: URLSearchParams;
  body: SendRequest;
}

/**
 * Record every request a scope answers. nock's reply callbacks and replyWithError hang on
 * Node 20 (its interceptors target Node 22), so answers are static and requests are read from
 * the scope's `request` event instead.
 */
export function recordSends(scope: nock.Scope, into: SentMessage[]): nock.Scope {
  scope.on('request', (req: { url: string }, _interceptor: unknown, body: string) => {
    into.push({ query: new URL(req.url).searchParams, body: JSON.parse(body) as SendRequest });
  });
  return scope;
}

/** A Graph API error body, shaped as Meta documents it. */
export function graphError(code: number, subcode: number | undefined, message: string) {
  return { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbCdEfGhIjK' } };
}

/** Body matcher: only Send API calls to this PSID. */
export const toPsid = (psid: string) => (body: SendRequest) => body.recipient.id === psid;
