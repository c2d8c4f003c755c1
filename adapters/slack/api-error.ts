import { AdapterError } from '../../src/errors.js';

/**
 * Slack errors meaning this conversation cannot get our messages: the channel is gone or
 * archived, the bot was removed from it, or the account is deactivated. Retrying cannot help;
 * the engine marks the buyer unreachable until they write again.
 */
export const GONE_ERRORS: ReadonlySet<string> = new Set(['channel_not_found', 'is_archived', 'not_in_channel']);

/**
 * Slack errors meaning the shop's own app token is dead (the app was removed or the workspace
 * disabled): `account_inactive` is the bot user's account, not the buyer's. Nothing the buyer did;
 * the replies stay queued while an operator fixes the app, and the channel shows as down.
 */
export const DEAD_TOKEN_ERRORS: ReadonlySet<string> = new Set(['account_inactive', 'token_revoked', 'token_expired', 'invalid_auth', 'not_authed', 'team_disabled', 'app_uninstalled']);

/** How long a reply waits before trying a dead token again (the call is the probe that notices a fix). */
export const DEAD_TOKEN_RETRY_MS = 60_000;

/** Slack errors that are Slack's own trouble or a rate limit: worth another try. */
const TRANSIENT_ERRORS: ReadonlySet<string> = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** What @slack/web-api throws, as far as we read it (its `code` tells the kind). */
interface WebApiFailure {
  code?: string;
  /** The `{ ok: false, error }` answer, for platform errors. */
  data?: { error?: string };
  /** Seconds from Retry-After, for rate-limited calls. */
  retryAfter?: number;
  /** HTTP status, for HTTP errors. */
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
}

function secondsOf(header: string | string[] | undefined): number | undefined {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * A failed Web API call -> AdapterError, for the engine to decide between backing off, giving up
 * and marking the buyer unreachable:
 * - HTTP 429: retryable after the Retry-After Slack sent.
 * - `ok: false` with a "gone" error (GONE_ERRORS): permanent.
 * - `ok: false` with a dead app token (DEAD_TOKEN_ERRORS): held (queued, not counted as a try).
 * - `ok: false` with Slack's own trouble or a rate limit: retryable.
 * - any other `ok: false` (missing_scope, invalid_blocks…): not retryable, the same
 *   call cannot succeed until someone fixes the app.
 * - HTTP 5xx, a timeout or no answer: retryable.
 */
export function classifyWebApiError(op: string, err: unknown): AdapterError {
  const f = (typeof err === 'object' && err !== null ? err : {}) as WebApiFailure;
  switch (f.code) {
    case 'slack_webapi_rate_limited_error':
      return new AdapterError('slack', op, { retryable: true, status: 429, ...(f.retryAfter !== undefined ? { retryAfterMs: f.retryAfter * 1000 } : {}), cause: err });
    case 'slack_webapi_platform_error': {
      const error = f.data?.error ?? '';
      if (GONE_ERRORS.has(error)) return new AdapterError('slack', `${op} (${error})`, { retryable: false, permanent: true, cause: err });
      if (DEAD_TOKEN_ERRORS.has(error)) return new AdapterError('slack', `${op} (${error})`, { retryable: true, hold: true, retryAfterMs: DEAD_TOKEN_RETRY_MS, cause: err });
      return new AdapterError('slack', `${op} (${error})`, { retryable: TRANSIENT_ERRORS.has(error), cause: err });
    }
    case 'slack_webapi_http_error': {
      const status = f.statusCode ?? 500;
      const retryAfter = status === 429 ? secondsOf(f.headers?.['retry-after']) : undefined;
      return new AdapterError('slack', op, { retryable: status >= 500 || status === 429, status, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}), cause: err });
    }
    default:
      // A request error (network, timeout), or a 429 without a usable Retry-After: try again later.
      return new AdapterError('slack', op, { retryable: true, cause: err });
  }
}
