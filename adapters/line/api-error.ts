import { HTTPFetchError } from '@line/bot-sdk';
import { AdapterError } from '../../src/errors.js';
import { ApiErrorBodySchema } from './payload.js';

/** LINE's answer message when a reply token is expired, used or unknown. */
export const isInvalidReplyToken = (err: unknown): boolean =>
  err instanceof HTTPFetchError && err.status === 400 && /invalid reply token/i.test(messageOf(err.body));

function messageOf(body: string): string {
  try {
    return ApiErrorBodySchema.safeParse(JSON.parse(body)).data?.message ?? '';
  } catch {
    return '';
  }
}

function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * A failed Messaging API call -> AdapterError. 429 (rate or monthly quota) and 5xx are retried
 * later; 401/403 (bad or revoked channel access token, API not allowed for the plan) are permanent
 * failures, never retried. They are not flagged `permanent` for the engine: that flag marks the
 * buyer unreachable, and these say nothing about the buyer. Any other 4xx will not get better
 * by sending it again either.
 */
export function classifyLineError(op: string, err: unknown): AdapterError {
  if (!(err instanceof HTTPFetchError)) {
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return new AdapterError('line', op, { retryable: true, cause: new Error(reason) });
  }
  const status = err.status;
  const detail = new Error(`HTTP ${status}: ${messageOf(err.body) || err.statusText}`);
  const retryAfter = retryAfterMs(err.headers.get('retry-after'));
  const base = { status, cause: detail, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
  if (status === 429) return new AdapterError('line', op, { ...base, retryable: true });
  if (status === 401 || status === 403) return new AdapterError('line', op, { ...base, retryable: false });
  return new AdapterError('line', op, { ...base, retryable: status >= 500 });
}
