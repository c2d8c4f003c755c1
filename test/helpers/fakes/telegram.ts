import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One Bot API call the fake received: `/bot<token>/<method>` with its parameters decoded. */
export interface TelegramCall {
  method: string;
  token: string;
  /** The call's parameters, from the JSON, form or multipart body and the query string. */
  params: Record<string, unknown>;
  /** performance.now() when the call arrived (comparable with the caller's own clock in-process). */
  at: number;
  /** sendMessage: the message_id the fake answered with. */
  messageId?: number;
}

/** An HTTP answer of the fake: one of Telegram's `{ ok: false, … }`, or any body (a string is sent as an HTML page). */
export interface BotApiAnswer {
  status: number;
  body: unknown;
}

/** Telegram's usual sendMessage failures for one chat (see `fail`). */
export type ChatFault =
  | { kind: 'retry_after'; seconds: number; times: number }
  | { kind: 'blocked' }
  | { kind: 'server_error'; times: number };

/** A local stand-in for api.telegram.org speaking the Bot API's JSON, for TELEGRAM_API_ROOT. */
export interface FakeTelegram {
  /** Base URL to pass as TELEGRAM_API_ROOT. */
  url: string;
  port: number;
  /** Every call, in the order they arrived. */
  calls: TelegramCall[];
  /** The calls of one method, in order. */
  callsTo(method: string): TelegramCall[];
  /** sendMessage calls, optionally to one chat. */
  sent(chatId?: number | string): TelegramCall[];
  /** The texts sent to one chat with sendMessage, in order. */
  texts(chatId: number | string): string[];
  /**
   * Answer the next `times` calls of `method` whose parameters match `when` with `answer`,
   * instead of success. Rules are tried in the order they were added.
   */
  answer(method: string, when: (params: Record<string, unknown>) => boolean, answer: BotApiAnswer, times?: number): void;
  /** Fail sendMessage to one chat as Telegram does: 429 with retry_after, 403 blocked, or 502. */
  fail(chatId: number | string, fault: ChatFault): void;
  /** Delay every answer by `ms` (the real API's latency). */
  delay(ms: number): void;
  /**
   * Make chat `chatId` a supergroup with topics enabled: createForumTopic, closeForumTopic and
   * reopenForumTopic work there (elsewhere they fail as Telegram does: "the chat is not a forum").
   */
  forum(chatId: number | string): void;
  /** The forum topics created so far, in order: chat, message_thread_id, name, and whether closed. */
  topics(): { chatId: string; threadId: number; name: string; closed: boolean }[];
  /** Updates for getUpdates to hand out (polling mode). */
  pushUpdates(...updates: unknown[]): void;
  /** Forget calls, rules, delay, pending updates, forums and their topics. */
  reset(): void;
  close(): Promise<void>;
}

/** A failed call, shaped as the Bot API answers it. */
export function apiError(status: number, description: string, retryAfter?: number): BotApiAnswer {
  return { status, body: { ok: false, error_code: status, description, ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}) } };
}

/** Match calls to one chat (for `answer`). */
export const toChat = (chatId: number | string) => (params: Record<string, unknown>) => String(params.chat_id) === String(chatId);

function faultAnswer(fault: ChatFault): { answer: BotApiAnswer; times: number } {
  switch (fault.kind) {
    case 'blocked':
      return { answer: apiError(403, 'Forbidden: bot was blocked by the user'), times: Infinity };
    case 'retry_after':
      return { answer: apiError(429, `Too Many Requests: retry after ${fault.seconds}`, fault.seconds), times: fault.times };
    case 'server_error':
      return { answer: apiError(502, 'Bad Gateway'), times: fault.times };
  }
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
    // Clients send multipart only for uploads; read the plain fields.
    for (const match of body.matchAll(/name="([^"]+)"\r\n\r\n([\s\S]*?)\r\n--/g)) params[match[1]!] = match[2];
  }
  // Form and multipart bodies carry objects as JSON strings.
  for (const key of ['reply_markup', 'chat_id']) {
    const v = params[key];
    if (typeof v === 'string' && /^[[{]/.test(v)) params[key] = JSON.parse(v);
  }
  return params;
}

const message = (params: Record<string, unknown>, messageId: number) => ({
  message_id: messageId,
  date: Math.floor(Date.now() / 1000),
  chat: { id: Number(params.chat_id), type: 'private' },
  text: params.text,
  ...(params.message_thread_id !== undefined ? { message_thread_id: Number(params.message_thread_id), is_topic_message: true } : {}),
});

/** A sendPhoto / sendDocument answer: the file as Telegram echoes it (the file_id it was given). */
const fileMessage = (params: Record<string, unknown>, messageId: number, field: 'photo' | 'document') => ({
  ...message(params, messageId),
  text: undefined,
  ...(params.caption !== undefined ? { caption: params.caption } : {}),
  ...(field === 'photo' ? { photo: [{ file_id: String(params.photo), file_unique_id: 'u1', width: 90, height: 90 }] } : { document: { file_id: String(params.document), file_unique_id: 'u2' } }),
});

const NOT_A_FORUM = 'Bad Request: the chat is not a forum';

export interface FakeTelegramOptions {
  port?: number;
  /** Called for each sendMessage the fake accepts (the benchmarks count replies with it). */
  onSend?: (call: TelegramCall) => void;
  /** false: keep only the calls a rule answered, so a long benchmark does not pile up calls. */
  record?: boolean;
}

/**
 * Start the fake on a free loopback port (or `port`). Calls succeed with the Bot API's result
 * shapes unless a rule says otherwise; getUpdates long-polls briefly (at most 300 ms) for pushed
 * updates and drops the ones the offset confirms, as Telegram does.
 */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const calls: TelegramCall[] = [];
  const rules: { method: string; when: (params: Record<string, unknown>) => boolean; answer: BotApiAnswer; left: number }[] = [];
  let pending: { update_id: number }[] = [];
  const waiting = new Set<() => void>();
  let delayMs = 0;
  let messageId = 1000;
  const forums = new Set<string>();
  const topics: { chatId: string; threadId: number; name: string; closed: boolean }[] = [];
  const topicOf = (params: Record<string, unknown>) => topics.find((t) => t.chatId === String(params.chat_id) && t.threadId === Number(params.message_thread_id));

  const send = (res: ServerResponse, { status, body }: BotApiAnswer) => {
    // A string body stands for a proxy's error page, not a Bot API answer.
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const ok = (result: unknown): BotApiAnswer => ({ status: 200, body: { ok: true, result } });

  async function getUpdates(params: Record<string, unknown>): Promise<BotApiAnswer> {
    const offset = Number(params.offset ?? 0);
    if (offset > 0) pending = pending.filter((u) => u.update_id >= offset);
    if (!pending.length) {
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), waiting.delete(done), resolve());
        const timer = setTimeout(done, 300);
        waiting.add(done);
      });
    }
    return ok(pending.slice(0, 100));
  }

  async function handle(call: TelegramCall): Promise<BotApiAnswer> {
    const { method, token, params } = call;
    const rule = rules.find((r) => r.method === method && r.left > 0 && r.when(params));
    if (rule) {
      rule.left -= 1;
      calls.push(call);
      return rule.answer;
    }
    if (opts.record !== false) calls.push(call);
    switch (method) {
      case 'getMe':
        return ok({ id: Number(token.split(':')[0]), is_bot: true, first_name: 'Shop', username: 'shop_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'sendMessage':
        call.messageId = ++messageId;
        opts.onSend?.(call);
        return ok(message(params, messageId));
      case 'editMessageText':
        return ok(message(params, Number(params.message_id)));
      case 'sendPhoto':
      case 'sendDocument':
        call.messageId = ++messageId;
        return ok(fileMessage(params, messageId, method === 'sendPhoto' ? 'photo' : 'document'));
      case 'createForumTopic': {
        if (!forums.has(String(params.chat_id))) return apiError(400, NOT_A_FORUM);
        // The topic's id is the id of its "topic created" service message, as in Telegram.
        const topic = { chatId: String(params.chat_id), threadId: ++messageId, name: String(params.name), closed: false };
        topics.push(topic);
        return ok({ message_thread_id: topic.threadId, name: topic.name, icon_color: 7322096 });
      }
      case 'closeForumTopic':
      case 'reopenForumTopic': {
        if (!forums.has(String(params.chat_id))) return apiError(400, NOT_A_FORUM);
        const topic = topicOf(params);
        if (!topic) return apiError(400, 'Bad Request: TOPIC_ID_INVALID');
        const closing = method === 'closeForumTopic';
        if (topic.closed === closing) return apiError(400, 'Bad Request: TOPIC_NOT_MODIFIED');
        topic.closed = closing;
        return ok(true);
      }
      case 'answerCallbackQuery':
      case 'setWebhook':
      case 'deleteWebhook':
      case 'sendChatAction':
        return ok(true);
      case 'getUpdates':
        return getUpdates(params);
      case 'getWebhookInfo':
        return ok({ url: '', has_custom_certificate: false, pending_update_count: 0 });
      default:
        return apiError(404, 'Not Found: method not found');
    }
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match) return send(res, apiError(404, 'Not Found'));
    const [, token, method] = match as unknown as [string, string, string];
    let params: Record<string, unknown>;
    try {
      params = await readParams(req, url);
    } catch {
      return send(res, apiError(400, 'Bad Request: invalid body'));
    }
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    send(res, await handle({ method, token, params, at: performance.now() }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const callsTo = (method: string) => calls.filter((c) => c.method === method);
  const sent = (chatId?: number | string) => callsTo('sendMessage').filter((c) => chatId === undefined || toChat(chatId)(c.params));
  const wakePollers = () => {
    for (const wake of [...waiting]) wake();
  };
  const fake: FakeTelegram = {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    callsTo,
    sent,
    texts: (chatId) => sent(chatId).map((c) => String(c.params.text)),
    answer(method, when, answer, times = Infinity) {
      rules.push({ method, when, answer, left: times });
    },
    fail(chatId, fault) {
      const { answer, times } = faultAnswer(fault);
      fake.answer('sendMessage', toChat(chatId), answer, times);
    },
    delay: (ms) => void (delayMs = ms),
    forum: (chatId) => void forums.add(String(chatId)),
    topics: () => topics.map((t) => ({ ...t })),
    pushUpdates(...updates) {
      pending.push(...(updates as { update_id: number }[]));
      wakePollers();
    },
    reset() {
      calls.length = 0;
      rules.length = 0;
      pending = [];
      delayMs = 0;
      forums.clear();
      topics.length = 0;
    },
    close() {
      wakePollers();
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
  return fake;
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
