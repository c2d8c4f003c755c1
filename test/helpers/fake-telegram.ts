import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One Bot API call the fake received. */
export interface TelegramCall {
  method: string;
  token: string;
  params: Record<string, unknown>;
  /** performance.now() when the call arrived (comparable with the caller's own clock in-process). */
  at: number;
  /** sendMessage: the message_id the fake answered with. */
  messageId?: number;
}

/** What the fake should answer for a chat: Telegram's real error shapes. */
export type ChatFault =
  | { kind: 'retry_after'; seconds: number; times: number }
  | { kind: 'blocked' }
  | { kind: 'server_error'; times: number };

export interface FakeTelegram {
  url: string;
  port: number;
  calls: TelegramCall[];
  /** sendMessage calls, optionally for one chat. */
  sent(chatId?: number | string): TelegramCall[];
  texts(chatId: number | string): string[];
  fail(chatId: number | string, fault: ChatFault): void;
  /** Delay every answer by `ms` (the real API's latency). */
  delay(ms: number): void;
  reset(): void;
  close(): Promise<void>;
}

async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json') && body) Object.assign(params, JSON.parse(body));
  else if (type.includes('application/x-www-form-urlencoded')) Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
  else if (type.includes('multipart/form-data') && body) {
    // Telegraf sends multipart only for uploads; read the plain fields.
    for (const match of body.matchAll(/name="([^"]+)"\r\n\r\n([\s\S]*?)\r\n--/g)) params[match[1]!] = match[2];
  }
  for (const key of ['reply_markup', 'chat_id']) {
    const v = params[key];
    if (typeof v === 'string' && /^[[{]/.test(v)) params[key] = JSON.parse(v);
  }
  return params;
}

/**
 * A local Telegram Bot API: answers `{ok, result}` / `{ok:false, error_code, description, parameters}`
 * as Telegram does, records every call, and fails chosen chats on demand (429 with retry_after,
 * 403 blocked, 5xx).
 */
export async function startFakeTelegram(opts: { port?: number; onSend?: (call: TelegramCall) => void; record?: boolean } = {}): Promise<FakeTelegram> {
  const calls: TelegramCall[] = [];
  const faults = new Map<string, ChatFault>();
  let delayMs = 0;
  let messageId = 1000;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    let params: Record<string, unknown>;
    try {
      params = await readParams(req, url);
    } catch {
      return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid body' });
    }
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const call = { method, token, params, at: performance.now() };
    const chat = params.chat_id === undefined ? undefined : String(params.chat_id);
    const fault = chat ? faults.get(chat) : undefined;
    if (method === 'sendMessage' && fault) {
      if (fault.kind === 'blocked') {
        calls.push(call);
        return answer(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      }
      if (fault.times > 0) {
        fault.times -= 1;
        calls.push(call);
        if (fault.kind === 'retry_after') {
          return answer(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${fault.seconds}`, parameters: { retry_after: fault.seconds } });
        }
        return answer(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' });
      }
    }
    if (opts.record !== false) calls.push(call);
    if (method === 'sendMessage') opts.onSend?.(call);
    switch (method) {
      case 'getMe':
        return answer(res, 200, { ok: true, result: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Shop', username: 'shop_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } });
      case 'sendMessage':
        (call as TelegramCall).messageId = ++messageId;
        return answer(res, 200, {
          ok: true,
          result: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' }, text: params.text },
        });
      case 'editMessageText':
        return answer(res, 200, { ok: true, result: { message_id: Number(params.message_id), date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' }, text: params.text } });
      case 'answerCallbackQuery':
      case 'setWebhook':
      case 'deleteWebhook':
      case 'sendChatAction':
        return answer(res, 200, { ok: true, result: true });
      case 'getUpdates':
        return answer(res, 200, { ok: true, result: [] });
      case 'getWebhookInfo':
        return answer(res, 200, { ok: true, result: { url: '', has_custom_certificate: false, pending_update_count: 0 } });
      default:
        return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const sent = (chatId?: number | string) => calls.filter((c) => c.method === 'sendMessage' && (chatId === undefined || String(c.params.chat_id) === String(chatId)));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    sent,
    texts: (chatId) => sent(chatId).map((c) => String(c.params.text)),
    fail: (chatId, fault) => void faults.set(String(chatId), { ...fault }),
    delay: (ms) => void (delayMs = ms),
    reset() {
      calls.length = 0;
      faults.clear();
      delayMs = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let updateId = 100_000;
/** A realistic private-chat text update, as Telegram POSTs it to a webhook. */
export function textUpdate(chatId: number, text: string, opts: { updateId?: number; languageCode?: string } = {}) {
  const id = opts.updateId ?? ++updateId;
  return {
    update_id: id,
    message: {
      message_id: id,
      from: { id: chatId, is_bot: false, first_name: 'Buyer', language_code: opts.languageCode ?? 'en' },
      chat: { id: chatId, first_name: 'Buyer', type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  };
}
