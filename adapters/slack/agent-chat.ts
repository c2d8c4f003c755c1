import { WebClient } from '@slack/web-api';
import type { AgentChat } from '../../src/agents/chat.js';
import { classifyWebApiError } from './api-error.js';
import { MAX_MESSAGE } from './render.js';

/** A Web API call to an agent waits at most this long. */
const API_TIMEOUT_MS = 10_000;

/** Slack's markup characters, escaped as its docs ask: a buyer's "<!channel>" must not ping anyone. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Talking to agents on Slack (src/agents): chat.postMessage with a button block (Claim), in a
 * thread when asked, and chat.update to show who took a conversation. A user id (`U…`) is opened
 * as the DM with the app (conversations.open, remembered), since chat.update needs the channel.
 */
export function createSlackAgentChat(cfg: { botToken: string; apiRoot: string }): AgentChat & { close(): void } {
  const client = new WebClient(cfg.botToken, { slackApiUrl: cfg.apiRoot, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: API_TIMEOUT_MS });
  const dms = new Map<string, string>();

  async function call<T>(op: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw classifyWebApiError(op, err);
    }
  }
  async function channelOf(chatId: string): Promise<string> {
    if (!/^[UW]/.test(chatId)) return chatId;
    const known = dms.get(chatId);
    if (known) return known;
    const opened = await call('conversations.open', () => client.conversations.open({ users: chatId }));
    const id = opened.channel?.id;
    if (!id) throw classifyWebApiError('conversations.open', new Error('no channel in the answer'));
    dms.set(chatId, id);
    return id;
  }
  const clip = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text);

  return {
    async post(chatId, text, opts = {}) {
      const channel = await channelOf(chatId);
      const body = escape(clip(text));
      const blocks = opts.buttons?.length
        ? [
            { type: 'section', text: { type: 'mrkdwn', text: body } },
            { type: 'actions', elements: opts.buttons.map((b) => ({ type: 'button', action_id: b.payload, value: b.payload, text: { type: 'plain_text', text: b.label } })) },
          ]
        : undefined;
      const sent = await call('chat.postMessage', () => client.chat.postMessage({ channel, text: body, ...(blocks ? { blocks } : {}), ...(opts.replyTo ? { thread_ts: opts.replyTo } : {}) }));
      if (!sent.ts) throw classifyWebApiError('chat.postMessage', new Error('no ts in the answer'));
      return sent.ts;
    },
    async edit(chatId, messageId, text) {
      const channel = await channelOf(chatId);
      await call('chat.update', () => client.chat.update({ channel, ts: messageId, text: escape(clip(text)), blocks: [] }));
    },
    close: () => undefined,
  };
}
