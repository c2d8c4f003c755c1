import { messagingApi } from '@line/bot-sdk';
import type { RouteRequest as Request, RouteResponse as Response } from '../../src/http/mount.js';
import type { ChannelAdapter, Delivery, GatewayPort, HttpMount, InboundMessage } from '../../src/engine/types.js';
import { AdapterError } from '../../src/errors.js';
import { rawBodyOf } from '../../src/http/raw-body.js';
import type { Logger } from '../../src/log.js';
import { SentParts } from '../sent-parts.js';
import { classifyLineError, isInvalidReplyToken } from './api-error.js';
import { pushTargetOf, toInbound } from './normalize.js';
import { LineRefSchema, WebhookBodySchema } from './payload.js';
import { actionTextOf, MAX_ACTION_TEXT, MAX_TEXT, toBatches, toMessages, type LineTextMessage } from './render.js';
import { recordOrRedeliver, refuse, signatureProblem } from '../webhook.js';
import { checkSignature } from './signature.js';

/** Settings of the LINE channel (LINE_* variables). */
export interface LineConfig {
  /** Signs every webhook delivery (x-line-signature). */
  channelSecret: string;
  /** Long-lived channel access token: sends replies. */
  channelAccessToken: string;
  /** Messaging API base URL; a local fake in tests. */
  apiRoot: string;
  log: Logger;
  /** Clock, for the reply token's age. */
  now?: () => number;
}

/** Webhook URL to set in the LINE Developers console. */
export const LINE_WEBHOOK_PATH = '/webhooks/line';

/** A reply token works for about a minute after the event; past this we push instead. */
export const REPLY_TOKEN_MAX_AGE_MS = 50_000;
/** Reply tokens already spent in this instance (single use), oldest forgotten first. */
const MAX_REMEMBERED_TOKENS = 10_000;

/**
 * The LINE Messaging API channel: `POST /webhooks/line`, signed with the channel secret over
 * the raw bytes; replies through the SDK's MessagingApiClient (its baseURL is LINE_API_ROOT).
 * The first delivery after a buyer message uses that event's reply token (free of the monthly
 * push quota) while it is fresh; later ones, stale tokens and refused tokens go by push.
 */
export function createLineAdapter(cfg: LineConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:line' });
  const now = cfg.now ?? Date.now;
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: cfg.channelAccessToken, baseURL: cfg.apiRoot.replace(/\/+$/, '') });
  const usedTokens = new Set<string>();
  const sentParts = new SentParts();

  /** Take the reply token of this address if it can still be used, marking it spent. */
  function takeReplyToken(ref: unknown): string | undefined {
    const parsed = LineRefSchema.safeParse(ref);
    if (!parsed.success || !parsed.data.replyToken) return undefined;
    const { replyToken, at } = parsed.data;
    if (usedTokens.has(replyToken) || now() - at > REPLY_TOKEN_MAX_AGE_MS) return undefined;
    usedTokens.add(replyToken);
    if (usedTokens.size > MAX_REMEMBERED_TOKENS) usedTokens.delete(usedTokens.values().next().value!);
    return replyToken;
  }

  async function push(to: string, messages: LineTextMessage[]): Promise<void> {
    try {
      await client.pushMessage({ to, messages });
    } catch (err) {
      throw classifyLineError('push', err);
    }
  }

  /** The first call of a delivery: reply if the token allows, else push; a refused token falls back to push. */
  async function replyOrPush(ref: unknown, to: string, messages: LineTextMessage[]): Promise<void> {
    const replyToken = takeReplyToken(ref);
    if (!replyToken) return push(to, messages);
    try {
      await client.replyMessage({ replyToken, messages });
    } catch (err) {
      if (!isInvalidReplyToken(err)) throw classifyLineError('reply', err);
      log.debug('reply token refused (expired or used); pushing instead');
      await push(to, messages);
    }
  }

  /**
   * A quick reply button is a message action: LINE sends its text as the buyer's message, with
   * no payload. When the text is the label of a button of the bot's last reply, the press is
   * given that button's payload, as on other channels.
   */
  async function withChoice(msg: InboundMessage, gateway: GatewayPort): Promise<InboundMessage> {
    if (msg.postback !== undefined || msg.attachments.length || !msg.text || msg.text.length > MAX_ACTION_TEXT) return msg;
    const transcript = await gateway.transcript(msg.address.conversationId);
    const lastBot = transcript.findLast((e) => e.from !== 'buyer');
    const choice = lastBot?.quickReplies?.find((q) => actionTextOf(q.label) === msg.text);
    return choice ? { ...msg, postback: choice.payload } : msg;
  }

  async function receive(req: Request, res: Response, gateway: GatewayPort): Promise<void> {
    const raw = rawBodyOf(req);
    const problem = signatureProblem(checkSignature(raw ?? Buffer.alloc(0), req.headers['x-line-signature'], cfg.channelSecret), 'x-line-signature');
    if (problem?.status === 401) return refuse(res, log, problem);
    if (!raw) {
      res.status(400).json({ error: 'expected a JSON body (Content-Type: application/json)' });
      return;
    }
    if (problem) return refuse(res, log, problem, 'check LINE_CHANNEL_SECRET');
    const parsed = WebhookBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.status(400).json({ error: `malformed LINE webhook body: ${reason}` });
      return;
    }

    const receivedAt = new Date();
    let recorded = 0;
    let duplicates = 0;
    // LINE redelivers (when redelivery is on) with the same webhookEventId: no double reply.
    const done = await recordOrRedeliver(res, log, async () => {
      // In order: the order LINE delivered is the order the store records. The console's
      // Verify button sends no events and gets its 200 straight away.
      for (const raw of parsed.data.events) {
        const result = toInbound(raw, receivedAt);
        if (result.kind === 'ignored') {
          log.debug('line event ignored', { reason: result.reason, type: result.type });
        } else if (result.kind === 'unfollow') {
          await gateway.markUnreachable(result.conversationId);
        } else if ((await gateway.receive(await withChoice(result.msg, gateway))) === 'duplicate') {
          duplicates += 1;
        } else {
          recorded += 1;
        }
      }
    }, () => ({ recorded }));
    if (!done) return;
    log.debug('line delivery recorded', { recorded, duplicates });
    res.status(200).json({});
  }

  return {
    channel: 'line',
    capabilities: { quickReplies: true, contactRequest: false, maxTextLength: MAX_TEXT },

    mount(http: HttpMount, gateway: GatewayPort) {
      http.post(LINE_WEBHOOK_PATH, (req, res) => receive(req, res, gateway));
    },

    async send(delivery: Delivery) {
      const batches = toBatches(toMessages(delivery.replies));
      const to = pushTargetOf(delivery.address.conversationId);
      const done = sentParts.done(delivery.id);
      for (let i = done; i < batches.length; i++) {
        try {
          if (i === 0) await replyOrPush(delivery.address.ref, to, batches[i]!);
          else await push(to, batches[i]!);
        } catch (err) {
          sentParts.failed(delivery.id, i, err instanceof AdapterError && err.opts.retryable);
          throw err;
        }
      }
      sentParts.finished(delivery.id);
    },
  };
}
