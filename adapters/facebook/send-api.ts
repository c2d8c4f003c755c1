import { createHmac } from 'node:crypto';
import { AdapterError } from '../../src/errors.js';
import { GraphErrorSchema, SendResultSchema, type GraphError } from './payload.js';
import type { SendRequest } from './render.js';

/** Where and as whom the Send API is called. */
export interface SendApiConfig {
  accessToken: string;
  appSecret: string;
  /** `https://graph.facebook.com`, or a local fake in tests (http:// accepted). */
  apiRoot: string;
  /** Pinned Graph API version, e.g. v19.0 (Botkit's default v3.2 is long gone). */
  apiVersion: string;
  timeoutMs?: number;
}

/** The one Send API call this adapter makes. */
export interface SendApi {
  /** POST /me/messages; resolves with Meta's message id, throws AdapterError otherwise. */
  sendMessage(body: SendRequest): Promise<string | undefined>;
}

const OP = 'me/messages';

/**
 * Errors that say this buyer cannot get our messages (Meta's Send API error table): the engine
 * marks the conversation unreachable and stops trying until the buyer writes again.
 */
const PERMANENT: ReadonlyArray<{ code: number; subcodes?: readonly number[] }> = [
  { code: 551 }, // 1545041: "This person isn't available right now" (blocked the page, left Messenger)
  { code: 10, subcodes: [2018065, 2018108, 2018278] }, // sent outside the allowed messaging window
  { code: 100, subcodes: [2018001] }, // no matching user found
  { code: 200, subcodes: [2018028] }, // app not yet allowed to message people outside its testers
];
/** Rate limits (application, user, page, "calls to this API", Messenger business-use-case). */
const RATE_LIMITED = new Set([4, 17, 32, 613, 80006]);
/** Meta's "temporary failure, retry later" codes. */
const TEMPORARY = new Set([2, 1200]);

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Turn a failed Send API answer into an AdapterError: permanent for a buyer who cannot be
 * reached, retryable (with backoff) for rate limits, temporary codes and 5xx, not retryable
 * for any other 4xx (a bad request or token will not get better by sending it again).
 */
export function classifySendError(status: number, error: GraphError | undefined, retryAfter?: number, cause?: unknown): AdapterError {
  const code = error?.code;
  const subcode = error?.error_subcode;
  const base = { status, cause, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
  if (code !== undefined && PERMANENT.some((p) => p.code === code && (!p.subcodes || (subcode !== undefined && p.subcodes.includes(subcode))))) {
    return new AdapterError('facebook', OP, { ...base, retryable: false, permanent: true });
  }
  if (status === 429 || (code !== undefined && (RATE_LIMITED.has(code) || TEMPORARY.has(code)))) {
    return new AdapterError('facebook', OP, { ...base, retryable: true });
  }
  return new AdapterError('facebook', OP, { ...base, retryable: status >= 500 });
}

/**
 * A minimal Send API client over fetch. Botkit's FacebookAPI is not used for sending: it
 * rejects with only Meta's message string (no HTTP status, code or subcode, so a blocked
 * buyer cannot be told from a rate limit), crashes on a non-JSON answer, and its adapter's
 * sendActivities logs and swallows every error. Like Botkit, requests carry `appsecret_proof`,
 * which Meta requires when the app enables "Require app secret".
 */
export function createSendApi(cfg: SendApiConfig): SendApi {
  const proof = createHmac('sha256', cfg.appSecret).update(cfg.accessToken).digest('hex');
  const url = `${cfg.apiRoot.replace(/\/+$/, '')}/${cfg.apiVersion}/me/messages?${new URLSearchParams({ access_token: cfg.accessToken, appsecret_proof: proof })}`;
  // The URL carries the token: keep it out of any error text that may reach a log line.
  const scrub = (text: string) => text.split(cfg.accessToken).join('[token]').split(proof).join('[proof]');

  return {
    async sendMessage(body) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(cfg.timeoutMs ?? 15_000),
        });
      } catch (err) {
        const reason = err instanceof Error ? `${err.name}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err);
        throw new AdapterError('facebook', OP, { retryable: true, cause: new Error(scrub(reason)) });
      }
      const json: unknown = await res.json().catch(() => undefined);
      const graphError = GraphErrorSchema.safeParse(json);
      if (res.ok && !graphError.success) return SendResultSchema.safeParse(json).data?.message_id;
      const error = graphError.success ? graphError.data.error : undefined;
      const detail = error ? `(#${error.code ?? '?'}${error.error_subcode ? `/${error.error_subcode}` : ''}) ${error.message ?? ''}` : `HTTP ${res.status}`;
      throw classifySendError(res.status, error, retryAfterMs(res.headers.get('retry-after')), new Error(scrub(detail)));
    },
  };
}
