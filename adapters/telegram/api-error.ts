import { AdapterError } from '../../src/errors.js';

/** What a failed Bot API call told us: `{ ok: false, error_code, description, parameters }`. */
export interface BotApiFailure {
  code: number;
  description?: string;
  /** `parameters.retry_after`, seconds, sent with 429. */
  retryAfterSeconds?: number;
}

/**
 * A failed Bot API call -> AdapterError, for the engine to decide between giving up, backing off
 * and marking the buyer unreachable. `failure` is undefined when no answer came (network error,
 * timeout): that is retried.
 *
 * - 403 ("bot was blocked by the user", "user is deactivated", "bot was kicked"): permanent, the
 *   buyer cannot get our messages until they write again, and retrying only burns the rate limit.
 * - 429: retryable after exactly the `retry_after` Telegram asked for.
 * - 5xx and no answer: retryable with backoff.
 * - any other 4xx (bad request, bad token): not retryable, sending it again cannot succeed.
 */
export function classifyApiError(op: string, failure: BotApiFailure | undefined, cause?: unknown): AdapterError {
  const base = { cause };
  if (!failure) return new AdapterError('telegram', op, { ...base, retryable: true });
  const { code } = failure;
  const status = { ...base, status: code };
  if (code === 403) return new AdapterError('telegram', op, { ...status, retryable: false, permanent: true });
  if (code === 429) {
    return new AdapterError('telegram', op, {
      ...status,
      retryable: true,
      ...(failure.retryAfterSeconds !== undefined ? { retryAfterMs: failure.retryAfterSeconds * 1000 } : {}),
    });
  }
  return new AdapterError('telegram', op, { ...status, retryable: code >= 500 });
}
