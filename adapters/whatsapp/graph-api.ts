import { AdapterError } from '../../src/errors.js';
import { classifyWhatsAppError, retryAfterMs } from './api-error.js';
import { GraphErrorSchema, SendResultSchema } from './payload.js';
import type { WhatsAppSend } from './render.js';

/** Where and as whom the Graph API is called. */
export interface GraphApiConfig {
  accessToken: string;
  /** `https://graph.facebook.com`, or a local fake (http:// accepted). */
  apiRoot: string;
  /** Pinned Graph API version, e.g. v23.0. */
  apiVersion: string;
  timeoutMs?: number;
}

/** The two Cloud API calls this adapter makes. */
export interface GraphApi {
  /** POST /<phone-number-id>/messages; resolves with the wamid, throws AdapterError otherwise. */
  sendMessage(phoneNumberId: string, body: WhatsAppSend): Promise<string | undefined>;
  /** Mark a buyer's message read (blue ticks); throws AdapterError on failure. */
  markRead(phoneNumberId: string, messageId: string): Promise<void>;
}

/**
 * A small typed Cloud API client over fetch, like Telegram's bot-api.ts: the engine keeps its own
 * retries and error mapping, which the SDKs on npm would hide (they throw bare messages, without
 * the HTTP status or Meta's error code). The token goes in the Authorization header, never in a URL.
 */
export function createGraphApi(cfg: GraphApiConfig): GraphApi {
  const root = `${cfg.apiRoot.replace(/\/+$/, '')}/${cfg.apiVersion}`;
  const scrub = (text: string) => text.split(cfg.accessToken).join('[token]');

  async function post(op: string, phoneNumberId: string, body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${root}/${encodeURIComponent(phoneNumberId)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.accessToken}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err);
      throw new AdapterError('whatsapp', op, { retryable: true, cause: new Error(scrub(reason)) });
    }
    const json: unknown = await res.json().catch(() => undefined);
    const graphError = GraphErrorSchema.safeParse(json);
    if (res.ok && !graphError.success) return json;
    const error = graphError.success ? graphError.data.error : undefined;
    const detail = error ? `(#${error.code ?? '?'}${error.error_subcode ? `/${error.error_subcode}` : ''}) ${error.message ?? ''}` : `HTTP ${res.status}`;
    throw classifyWhatsAppError(op, res.status, error, retryAfterMs(res.headers.get('retry-after')), new Error(scrub(detail)));
  }

  return {
    async sendMessage(phoneNumberId, body) {
      const json = await post('messages', phoneNumberId, body);
      return SendResultSchema.safeParse(json).data?.messages?.[0]?.id;
    },
    async markRead(phoneNumberId, messageId) {
      await post('messages:read', phoneNumberId, { messaging_product: 'whatsapp', status: 'read', message_id: messageId });
    },
  };
}
