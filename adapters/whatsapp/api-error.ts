import { AdapterError } from '../../src/errors.js';
import type { GraphError } from './payload.js';

/** The buyer cannot get our messages (Cloud API error codes): the engine marks the conversation unreachable. */
const UNREACHABLE = new Set([131026]);
/** Outside the 24-hour window (131047): never retried, and it says nothing about the buyer being reachable. */
export const OUTSIDE_WINDOW = 131047;
/** Throughput, spam and pair rate limits, and Graph's application and user limits. */
const RATE_LIMITED = new Set([4, 80007, 130429, 131048, 131056, 613]);
/** "Something went wrong", "service unavailable" and the Graph API's temporary codes. */
const TEMPORARY = new Set([1, 2, 131000, 131016]);
/** The access token is invalid, expired or lacks the permission: the channel is down, not the buyer. */
const DEAD_TOKEN = new Set([190, 10, 200]);

/** Seconds (or an HTTP date) in a Retry-After header, as milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Whether a failed call says the shop's access token no longer works (for /readyz). */
export const isDeadToken = (status: number, error: GraphError | undefined) => status === 401 || (error?.code !== undefined && DEAD_TOKEN.has(error.code));

/**
 * A failed Graph API call -> AdapterError: permanent for a buyer who cannot be reached, held in
 * the queue when the token is dead (an operator must fix it; the reply waits), retried with
 * backoff for rate limits, temporary codes and 5xx, and given up for any other 4xx (a bad request
 * does not get better by sending it again).
 */
export function classifyWhatsAppError(op: string, status: number, error: GraphError | undefined, retryAfter?: number, cause?: unknown): AdapterError {
  const code = error?.code;
  const base = { status, cause, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
  if (code !== undefined && UNREACHABLE.has(code)) return new AdapterError('whatsapp', op, { ...base, retryable: false, permanent: true });
  if (code === OUTSIDE_WINDOW) return new AdapterError('whatsapp', op, { ...base, retryable: false });
  if (status === 429 || (code !== undefined && (RATE_LIMITED.has(code) || TEMPORARY.has(code)))) return new AdapterError('whatsapp', op, { ...base, retryable: true });
  if (isDeadToken(status, error)) return new AdapterError('whatsapp', op, { ...base, retryable: false, hold: true, retryAfterMs: retryAfter ?? 60_000 });
  return new AdapterError('whatsapp', op, { ...base, retryable: status >= 500 });
}
