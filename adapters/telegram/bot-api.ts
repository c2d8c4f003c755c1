import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ApiResponse, Opts, Telegram } from 'telegraf/types';
import type { BotApiFailure } from './api-error.js';

/** The Bot API methods this channel calls. */
export type BotApiMethod =
  | 'sendMessage'
  | 'sendPhoto'
  | 'sendDocument'
  | 'answerCallbackQuery'
  | 'getUpdates'
  | 'editMessageText'
  | 'createForumTopic'
  | 'closeForumTopic'
  | 'reopenForumTopic';
export type BotApiPayload<M extends BotApiMethod> = Opts<M>;
export type BotApiResult<M extends BotApiMethod> = ReturnType<Telegram[M]>;

/** A call Telegram answered with `ok: false` (or an HTTP error without a Bot API answer). */
export class BotApiError extends Error {
  constructor(readonly failure: BotApiFailure) {
    super(`${failure.code}: ${failure.description ?? ''}`);
    this.name = 'BotApiError';
  }
}

/** How long a call may take, and a signal that cancels it early (polling's stop). */
export interface CallLimits {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface BotApi {
  call<M extends BotApiMethod>(method: M, payload: BotApiPayload<M>, limits: CallLimits): Promise<BotApiResult<M>>;
  close(): void;
}

/**
 * The Bot API client of this channel: JSON POSTs over kept-alive connections, typed with
 * Telegraf's own method typings. Telegraf's client (node-fetch, a Request, Headers and a body
 * stream per call) cost about 140 µs of CPU per sendMessage against about 45 µs for this one
 * (BENCHMARKS.md): on a busy gateway, a third of what a whole reply may cost.
 */
export function createBotApi(token: string, apiRoot: string): BotApi {
  const root = new URL(apiRoot);
  const secure = root.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, keepAliveMsecs: 10_000 }) : new HttpAgent({ keepAlive: true, keepAliveMsecs: 10_000 });
  const request = secure ? httpsRequest : httpRequest;
  const port = root.port || (secure ? 443 : 80);
  const prefix = `${root.pathname.replace(/\/$/, '')}/bot${token}/`;

  return {
    call(method, payload, { timeoutMs, signal }) {
      return new Promise((resolve, reject) => {
        const body = JSON.stringify(payload);
        const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
        const req = request({ host: root.hostname, port, path: prefix + method, method: 'POST', agent, headers, ...(signal ? { signal } : {}) }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            clearTimeout(timer);
            let answer: ApiResponse<BotApiResult<typeof method>> | undefined;
            try {
              answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof answer;
            } catch {
              // not a Bot API answer (a proxy's error page): judged by the HTTP status below
            }
            if (answer?.ok === true) return resolve(answer.result);
            if (answer?.ok === false) {
              const retryAfter = answer.parameters?.retry_after;
              return reject(new BotApiError({ code: answer.error_code, description: answer.description, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) }));
            }
            reject(new BotApiError({ code: res.statusCode ?? 502, description: `HTTP ${res.statusCode} without a Bot API answer` }));
          });
        });
        // A plain timer, not AbortSignal.timeout: a signal per call cost more than the call's own parsing.
        const timer = setTimeout(() => req.destroy(Object.assign(new Error(`${method} timed out after ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
        function fail(err: Error): void {
          clearTimeout(timer);
          reject(err);
        }
        req.on('error', fail);
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
