import type { AgentChat } from '../../src/agents/chat.js';
import type { BotApiFailure } from './api-error.js';
import { classifyApiError } from './api-error.js';
import { BotApiError, createBotApi, type BotApiMethod } from './bot-api.js';
import { MAX_TEXT } from './render.js';

/** A post to an agent waits at most this long. */
const TIMEOUT_MS = 15_000;
/** Telegram's limit on a forum topic's name. */
const MAX_TOPIC_NAME = 128;

/** What Telegram says when a group has no topics ("Bad Request: the chat is not a forum", "…CHAT_NOT_FORUM"). */
const isNotForum = (f: BotApiFailure | undefined) => f?.code === 400 && /forum/i.test(f.description ?? '');
/** Reopening an open topic, or closing a closed one. */
const isUnchanged = (f: BotApiFailure | undefined) => f?.code === 400 && /TOPIC_NOT_MODIFIED/i.test(f.description ?? '');

/**
 * Talking to agents on Telegram (src/agents): sendMessage with an inline keyboard (Claim), as a
 * reply or in a forum topic when asked, editMessageText to show who took a conversation, and the
 * forum topics of the agents' group (one per waiting buyer).
 */
export function createTelegramAgentChat(cfg: { botToken: string; apiRoot: string }): AgentChat & { close(): void } {
  const api = createBotApi(cfg.botToken, cfg.apiRoot);
  /** Call the Bot API; a refusal comes back as `{ failure }` when `refusal` says the caller handles it, else throws an AdapterError. */
  async function call<T>(method: BotApiMethod, payload: Record<string, unknown>, refusal: (f: BotApiFailure | undefined) => boolean = () => false): Promise<T | { failure: BotApiFailure }> {
    try {
      return (await api.call(method, payload as never, { timeoutMs: TIMEOUT_MS })) as T;
    } catch (err) {
      const failure = err instanceof BotApiError ? err.failure : undefined;
      if (failure && refusal(failure)) return { failure };
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw classifyApiError(method, failure, new Error(reason.split(cfg.botToken).join('[token]')));
    }
  }
  const refused = (r: unknown): r is { failure: BotApiFailure } => typeof r === 'object' && r !== null && 'failure' in r;
  const clip = (text: string, max = MAX_TEXT) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  return {
    async post(chatId, text, opts = {}) {
      const sent = await call<{ message_id: number }>('sendMessage', {
        chat_id: chatId,
        text: clip(text),
        ...(opts.topic ? { message_thread_id: Number(opts.topic) } : {}),
        ...(opts.buttons?.length ? { reply_markup: { inline_keyboard: [opts.buttons.map((b) => ({ text: b.label, callback_data: b.payload }))] } } : {}),
        ...(opts.replyTo ? { reply_parameters: { message_id: Number(opts.replyTo), allow_sending_without_reply: true } } : {}),
      });
      return String((sent as { message_id: number }).message_id);
    },
    async edit(chatId, messageId, text) {
      await call('editMessageText', { chat_id: chatId, message_id: Number(messageId), text: clip(text) });
    },
    topics: {
      async open(chatId, name) {
        const made = await call<{ message_thread_id: number }>('createForumTopic', { chat_id: chatId, name: clip(name, MAX_TOPIC_NAME) }, isNotForum);
        return refused(made) ? 'not_forum' : String(made.message_thread_id);
      },
      async close(chatId, topic) {
        await call('closeForumTopic', { chat_id: chatId, message_thread_id: Number(topic) }, isUnchanged);
      },
      async reopen(chatId, topic) {
        // Any other 400 (TOPIC_ID_INVALID, thread not found): the topic was deleted.
        const r = await call('reopenForumTopic', { chat_id: chatId, message_thread_id: Number(topic) }, (f) => f?.code === 400);
        return refused(r) && !isUnchanged(r.failure) ? 'gone' : 'open';
      },
    },
    close: () => api.close(),
  };
}
