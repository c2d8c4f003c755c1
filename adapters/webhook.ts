import type { RouteResponse as Response } from '../src/http/mount.js';
import type { Logger } from '../src/log.js';

/**
 * What every channel's webhook shares: one shape for a refused signature (or secret), and one way
 * to record a delivery's messages or have the platform redeliver it.
 */

/** What checking a signature header against the body found. */
export type SignatureCheck = 'ok' | 'missing' | 'mismatch';

/** Why a request's signature is refused: 401 when there is none, 403 when it does not match. */
export interface SignatureProblem {
  status: 401 | 403;
  reason: string;
}

/** A check's outcome as the problem to answer with, or undefined when the signature is good. */
export function signatureProblem(check: SignatureCheck, header: string): SignatureProblem | undefined {
  if (check === 'ok') return undefined;
  return check === 'missing' ? { status: 401, reason: `missing ${header} header` } : { status: 403, reason: `${header} does not match the body` };
}

/** Answer a refused request (nothing was recorded); a mismatch is logged with what the operator should check. */
export function refuse(res: Response, log: Logger, problem: SignatureProblem, hint?: string): void {
  log.warn('webhook refused', { reason: problem.reason, ...(problem.status === 403 && hint ? { hint } : {}) });
  res.status(problem.status).json({ error: problem.reason });
}

/** Seconds a platform is asked to wait before redelivering what the store could not record. */
export const RETRY_AFTER_SECONDS = '10';

/**
 * Record what a delivery carries (`record` calls `gateway.receive` for each message, in order).
 * If the store fails, answer 503 with Retry-After so the platform redelivers the whole delivery:
 * what was recorded already comes back as duplicates, so nothing is lost and nothing doubled.
 * Returns false when it answered 503; the caller answers the 2xx otherwise.
 */
export async function recordOrRedeliver(res: Response, log: Logger, record: () => Promise<void>, meta: () => Record<string, unknown> = () => ({})): Promise<boolean> {
  try {
    await record();
    return true;
  } catch (err) {
    log.warn('delivery not fully recorded; answering 503 so the platform redelivers', { ...meta(), err });
    res.status(503).set('Retry-After', RETRY_AFTER_SECONDS).json({ error: 'temporarily unavailable, redeliver later' });
    return false;
  }
}
