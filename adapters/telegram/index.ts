import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AdapterError } from '../../src/errors.js';
import type { ChannelAdapter, Delivery, GatewayPort, HttpMount } from '../../src/engine/types.js';
import { BodyError, readJsonBody, sendJson } from '../../src/http/fast-route.js';
import type { Logger } from '../../src/log.js';
import { SentParts } from '../sent-parts.js';
import { classifyApiError } from './api-error.js';
import { BotApiError, createBotApi, type BotApiMethod, type BotApiPayload, type CallLimits } from './bot-api.js';
import { botIdOf, chatIdOf, toInbound, type Normalized, type NormalizeOptions } from './normalize.js';
import { ALLOWED_UPDATES, UpdateSchema } from './payload.js';
import { MAX_TEXT, toSendMessages, type SendFileBody, type SendMessageBody } from './render.js';
import { secretMatcher } from './secret.js';

/** Settings of the Telegram channel (TELEGRAM_* variables). */
export interface TelegramConfig {
  botToken: string;
  /** Checked against X-Telegram-Bot-Api-Secret-Token; required in webhook mode. */
  webhookSecret?: string;
  mode: 'webhook' | 'polling';
  apiRoot: string;
  allowGroups: boolean;
  /** The agents' group chat id (shop config `agentsPlace.telegram`): its messages reach the agents' desk. */
  agentsChat?: string;
  /** Messages per second for the whole bot (Telegram allows about 30); 0: no limit. */
  maxPerSecond: number;
  log: Logger;
}

/** The webhook URL path to register with setWebhook (with `secret_token`). */
export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';

const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';
const SECRET_HEADER_LOWER = SECRET_HEADER.toLowerCase();
/** Seconds a 503 asks Telegram to wait (it redelivers on its own schedule, but says so to any proxy). */
const RETRY_AFTER_SECONDS = '5';
/** A sendMessage that takes longer is given up and retried: the conversation's other replies wait behind it. */
const SEND_TIMEOUT_MS = 15_000;
/** Answering a button press is courtesy (it stops the spinner): never held longer than this. */
const ANSWER_TIMEOUT_MS = 5_000;
/** Long-poll duration asked of getUpdates, seconds. */
const POLL_TIMEOUT_S = 25;

/** Polling's wait after its `failures`-th failure in a row: 0.5 s, doubling, at most 30 s. */
const retryDelayMs = (failures: number) => Math.min(30_000, 500 * 2 ** Math.min(Math.max(0, failures - 1), 6));

/** Enough of an update to move the polling offset past it, even when the rest is unreadable. */
const UpdateIdSchema = z.object({ update_id: z.number().int().nonnegative() });
/** `Address.ref` as normalize writes it (TelegramRef); anything else there is ignored. */
const RefSchema = z.object({ languageCode: z.string() }).partial();

/** What became of one update. */
type Outcome = { result: 'recorded' | 'duplicate' | 'unreachable' | 'ignored' | 'invalid'; reason?: string; callbackQueryId?: string };

/**
 * The Telegram channel. Inbound: `POST /webhooks/telegram` (or getUpdates long polling in
 * development); outbound: sendMessage through Telegraf's Bot API client, pointed at `apiRoot`.
 *
 * The webhook is ours, not Telegraf's webhookCallback: that one answers a wrong secret with 403,
 * answers only after the whole handler ran, and turns a thrown error into a status Telegram
 * retries. Here the secret is checked in constant time first (401, no side effect), the update is
 * validated with zod (400 when broken, 200 when merely of a kind we do not handle), and Telegram
 * gets its 200 only once the message is recorded, or 503 so it redelivers.
 * Outbound calls go through our own lean client (bot-api.ts), typed with Telegraf's typings.
 */
export function createTelegramAdapter(cfg: TelegramConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:telegram' });
  const api = createBotApi(cfg.botToken, cfg.apiRoot);
  const normalizeOptions: NormalizeOptions = { botId: botIdOf(cfg.botToken), allowGroups: cfg.allowGroups, ...(cfg.agentsChat ? { agentsChat: cfg.agentsChat } : {}) };
  const sentParts = new SentParts();
  const polling = new AbortController();
  let pollLoop: Promise<void> | undefined;

  /** Call the Bot API; any failure becomes an AdapterError. */
  async function call<M extends BotApiMethod>(method: M, payload: BotApiPayload<M>, limits: CallLimits): Promise<unknown> {
    try {
      return await api.call(method, payload, limits);
    } catch (err) {
      const failure = err instanceof BotApiError ? err.failure : undefined;
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw classifyApiError(method, failure, new Error(reason.split(cfg.botToken).join('[token]')));
    }
  }

  /** One rendered message: text, or an agent's photo or file by its file_id. */
  async function sendOne(m: SendMessageBody | SendFileBody): Promise<void> {
    const limits = { timeoutMs: SEND_TIMEOUT_MS };
    if ('photo' in m) await call('sendPhoto', m, limits);
    else if ('document' in m) await call('sendDocument', m, limits);
    else await call('sendMessage', m, limits);
  }

  /** Validate, normalize and record one update. Throws only when the store could not take it. */
  async function handle(raw: unknown, gateway: GatewayPort): Promise<Outcome> {
    const parsed = UpdateSchema.safeParse(raw);
    if (!parsed.success) {
      return { result: 'invalid', reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'update'}: ${i.message}`).join('; ') };
    }
    const normalized: Normalized = toInbound(parsed.data, normalizeOptions, new Date());
    const updateId = parsed.data.update_id;
    switch (normalized.kind) {
      case 'message': {
        const result = await gateway.receive(normalized.msg);
        return { result: result === 'duplicate' ? 'duplicate' : 'recorded', ...(normalized.callbackQueryId ? { callbackQueryId: normalized.callbackQueryId } : {}) };
      }
      case 'edit': {
        // No second turn: the original is processed with the new text, or its transcript line shows it.
        const outcome = gateway.editMessage ? await gateway.editMessage(normalized.conversationId, normalized.messageId, normalized.text) : 'unknown';
        log.debug('buyer edited a message', { conversationId: normalized.conversationId, outcome });
        return { result: outcome === 'updated' ? 'recorded' : 'ignored', ...(outcome === 'updated' ? {} : { reason: 'edit of a message not kept' }) };
      }
      case 'unreachable':
        await gateway.markUnreachable(normalized.conversationId);
        log.info('buyer blocked the bot; their replies are held back until they write again', { conversationId: normalized.conversationId });
        return { result: 'unreachable' };
      case 'ignored':
        log.debug('update acknowledged without a message', { updateId, reason: normalized.reason, kinds: Object.keys(raw as object) });
        return { result: 'ignored', reason: normalized.reason, ...(normalized.callbackQueryId ? { callbackQueryId: normalized.callbackQueryId } : {}) };
    }
  }

  /** Stop the button's spinner in the buyer's app. A failure here must not fail the update. */
  async function answerButton(callbackQueryId: string): Promise<void> {
    try {
      await call('answerCallbackQuery', { callback_query_id: callbackQueryId }, { timeoutMs: ANSWER_TIMEOUT_MS });
    } catch (err) {
      log.warn('button press not answered; the buyer sees a spinner until Telegram gives up', { err });
    }
  }

  const secretMatches = cfg.webhookSecret ? secretMatcher(cfg.webhookSecret) : undefined;

  async function onWebhook(req: IncomingMessage, res: ServerResponse, gateway: GatewayPort): Promise<void> {
    // Authenticate before anything else: a request without our secret must have no side effect.
    if (!secretMatches) {
      log.error('webhook refused: TELEGRAM_WEBHOOK_SECRET is not set');
      return sendJson(res, 401, { error: 'the webhook secret is not configured (set TELEGRAM_WEBHOOK_SECRET)' });
    }
    const given = req.headers[SECRET_HEADER_LOWER];
    if (typeof given !== 'string' || given === '') return sendJson(res, 401, { error: `missing ${SECRET_HEADER} header` });
    if (!secretMatches(given)) {
      log.warn(`webhook refused: ${SECRET_HEADER} does not match (check the secret_token given to setWebhook)`);
      return sendJson(res, 401, { error: `${SECRET_HEADER} does not match` });
    }
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (err) {
      if (err instanceof BodyError) return sendJson(res, err.status, { error: err.message });
      throw err;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendJson(res, 400, { error: 'expected one Telegram update as a JSON object' });
    }

    let outcome: Outcome;
    try {
      outcome = await handle(body, gateway);
    } catch (err) {
      // Telegram redelivers the update; if it was recorded after all, it comes back as a duplicate.
      log.warn('update not recorded; answering 503 so Telegram redelivers it', { err });
      return sendJson(res, 503, { error: 'temporarily unavailable, redeliver later' }, { 'retry-after': RETRY_AFTER_SECONDS });
    }
    if (outcome.result === 'invalid') {
      log.debug('webhook refused: malformed update', { reason: outcome.reason });
      return sendJson(res, 400, { error: `malformed Telegram update: ${outcome.reason ?? ''}` });
    }
    if (outcome.callbackQueryId) await answerButton(outcome.callbackQueryId);
    sendJson(res, 200, { ok: true });
  }

  /** Sleep, but wake at once when polling stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => (polling.signal.removeEventListener('abort', wake), resolve()), ms);
      polling.signal.addEventListener('abort', wake, { once: true });
    });

  /**
   * getUpdates long polling, for development. The offset (which confirms updates to Telegram)
   * moves past an update only once it is recorded: if the store is down, the same updates come
   * again on the next call.
   */
  async function poll(gateway: GatewayPort): Promise<void> {
    let offset = 0;
    let failures = 0; // getUpdates calls failed in a row
    let unrecorded = 0; // updates the store refused in a row
    log.info('polling Telegram for updates (TELEGRAM_MODE=polling)');
    while (!polling.signal.aborted) {
      let updates: unknown[];
      try {
        const limits = { timeoutMs: (POLL_TIMEOUT_S + 15) * 1000, signal: polling.signal };
        updates = (await call('getUpdates', { offset, timeout: POLL_TIMEOUT_S, allowed_updates: [...ALLOWED_UPDATES] }, limits)) as unknown[];
        failures = 0;
      } catch (err) {
        if (polling.signal.aborted) break;
        failures += 1;
        const status = (err as AdapterError).opts?.status;
        if (status === 409) log.error('Telegram refuses getUpdates while a webhook is set: call deleteWebhook first, or use TELEGRAM_MODE=webhook');
        else if (status === 401 || status === 404) log.error('Telegram refused the bot token (check TELEGRAM_BOT_TOKEN)');
        else log.warn('cannot get updates; retrying', { err, failures });
        await pause((err as AdapterError).opts?.retryAfterMs ?? retryDelayMs(failures));
        continue;
      }
      for (const raw of updates) {
        const id = UpdateIdSchema.safeParse(raw);
        if (!id.success) continue;
        let outcome: Outcome;
        try {
          outcome = await handle(raw, gateway);
        } catch (err) {
          unrecorded += 1;
          log.warn('update not recorded; polling it again', { err, updateId: id.data.update_id });
          await pause(retryDelayMs(unrecorded));
          break; // the offset did not move: the next getUpdates returns this update again
        }
        unrecorded = 0;
        if (outcome.result === 'invalid') log.debug('malformed update skipped', { updateId: id.data.update_id, reason: outcome.reason });
        if (outcome.callbackQueryId) await answerButton(outcome.callbackQueryId);
        offset = id.data.update_id + 1;
      }
    }
  }

  return {
    channel: 'telegram',
    capabilities: {
      quickReplies: true,
      contactRequest: true,
      maxTextLength: MAX_TEXT,
      mergeTexts: true,
      // Telegram: about 30 messages/s per bot, about one per second in one chat.
      rateLimit: { ...(cfg.maxPerSecond > 0 ? { perSecond: cfg.maxPerSecond } : {}), conversationIntervalMs: 1000 },
    },

    mount(http: HttpMount, gateway: GatewayPort) {
      if (cfg.mode === 'polling') {
        // No route: Telegram refuses getUpdates while a webhook is set, so there is none to serve.
        pollLoop = poll(gateway).catch((err: unknown) => void log.error('polling stopped', { err }));
        return;
      }
      // Telegram's webhook is the busiest route: answered before express, by our own body reading.
      http.fastRoute('POST', TELEGRAM_WEBHOOK_PATH, (req, res) => onWebhook(req, res, gateway));
    },

    async send(delivery: Delivery) {
      const conversationId = delivery.address.conversationId;
      const ref = RefSchema.safeParse(delivery.address.ref ?? {});
      const { messages, dropped } = toSendMessages(chatIdOf(conversationId), delivery.replies, ref.success && ref.data.languageCode ? { languageCode: ref.data.languageCode } : {});
      if (dropped.length) log.warn('buttons left out: payload over 64 bytes or blank label', { conversationId, deliveryId: delivery.id, dropped: dropped.length });
      const done = sentParts.done(delivery.id);
      for (let i = done; i < messages.length; i++) {
        try {
          await sendOne(messages[i]!);
        } catch (err) {
          sentParts.failed(delivery.id, i, (err as AdapterError).opts.retryable);
          throw err;
        }
      }
      sentParts.finished(delivery.id);
    },

    async close() {
      polling.abort();
      await pollLoop;
      api.close();
    },
  };
}
