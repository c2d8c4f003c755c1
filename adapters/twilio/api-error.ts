import { AdapterError } from '../../src/errors.js';

/**
 * Twilio error codes meaning this buyer's number will not take our messages: retrying cannot
 * help, and the engine marks the buyer unreachable until they write again.
 * 21610: the number replied STOP (unsubscribed); 21614: not a mobile number; 21211: not a valid
 * phone number; 21612: not reachable by SMS from our number (carrier or landline).
 */
export const PERMANENT_CODES: ReadonlySet<number> = new Set([21610, 21614, 21211, 21612]);

/** Twilio's code for "too many requests", sometimes sent without HTTP 429. */
const TOO_MANY_REQUESTS = 20429;

/** What the twilio client throws, as far as we read it: a RestException has `status` and `code`. */
interface TwilioFailure {
  status?: unknown;
  code?: unknown;
  moreInfo?: unknown;
}

/**
 * A failed Messages.json call -> AdapterError, for the engine to decide between backing off,
 * giving up and marking the buyer unreachable:
 * - a code in PERMANENT_CODES: permanent (not retried);
 * - HTTP 429 or code 20429: retryable, with the engine's backoff;
 * - HTTP 5xx, a timeout or no answer: retryable;
 * - any other 4xx (bad credentials, region not enabled, bad From…): not retryable, the same call
 *   fails until someone fixes the account.
 * An answer whose error body is not JSON makes the twilio client throw a SyntaxError with no
 * status; it is treated as "no answer" (retryable).
 */
export function classifyTwilioError(op: string, err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  const f = (typeof err === 'object' && err !== null ? err : {}) as TwilioFailure;
  const status = typeof f.status === 'number' ? f.status : undefined;
  const code = typeof f.code === 'number' ? f.code : undefined;
  const named = code !== undefined ? `${op} (${code})` : op;
  const http = status !== undefined ? { status } : {};
  if (code !== undefined && PERMANENT_CODES.has(code)) return new AdapterError('twilio', named, { retryable: false, permanent: true, ...http, cause: err });
  if (status === 429 || code === TOO_MANY_REQUESTS) return new AdapterError('twilio', named, { retryable: true, status: 429, cause: err });
  if (status === undefined || status >= 500) return new AdapterError('twilio', named, { retryable: true, ...http, cause: err });
  return new AdapterError('twilio', named, { retryable: false, status, cause: err });
}
