import { TwilioAdapter } from 'botbuilder-adapter-twilio-sms';
import type { Request, Response } from 'express';
import { AdapterError } from '../../src/engine/errors.js';
import type { ChannelAdapter, Delivery, GatewayPort, HttpMount } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import { pickOption, smsConversationId, toInbound } from './normalize.js';
import { InboundSmsSchema, StatusCallbackSchema } from './payload.js';
import { toSmsBodies } from './render.js';
import { isValidTwilioSignature } from './signature.js';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** The shop's number, E.164. */
  number: string;
  /** Public URL of POST /webhooks/twilio as Twilio calls it (signatures cover it). */
  webhookUrl: string;
  log: Logger;
}

export const TWILIO_WEBHOOK_PATH = '/webhooks/twilio';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
/** Twilio error codes meaning this number will not take our messages: do not retry. */
const PERMANENT_CODES = new Set([21610, 21614, 21211, 21612, 30003, 30004, 30005, 30006]);

/** The twilio client's failure, as far as we read it. */
interface TwilioFailure {
  status?: number;
  code?: number;
  message?: string;
}

function classify(err: unknown): AdapterError {
  const failure = (err ?? {}) as TwilioFailure;
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  const code = typeof failure.code === 'number' ? failure.code : undefined;
  const cause = new Error(`twilio ${code ?? ''} ${failure.message ?? String(err)}`.trim());
  if (code !== undefined && PERMANENT_CODES.has(code)) return new AdapterError('twilio', 'Messages.create', { retryable: false, permanent: true, ...(status ? { status } : {}), cause });
  if (status === 429 || code === 20429) return new AdapterError('twilio', 'Messages.create', { retryable: true, status: 429, cause });
  if (status === undefined || status >= 500) return new AdapterError('twilio', 'Messages.create', { retryable: true, ...(status ? { status } : {}), cause });
  return new AdapterError('twilio', 'Messages.create', { retryable: false, status, cause });
}

/**
 * Twilio SMS/MMS. Botkit's `botbuilder-adapter-twilio-sms` turns the webhook into a turn and its
 * Twilio client sends; kept at the edge, wrapped because: its own signature check builds the
 * validation URL with an operator-precedence bug (so the check here is ours, constant time, over the
 * configured PUBLIC_URL, before Botkit sees the request); it answers a bad signature with 400 (here
 * 401/403); and it has no answer for "recorded or not" (here 503 so Twilio retries).
 */
export function createTwilioAdapter(cfg: TwilioConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:twilio' });
  const botkit = new TwilioAdapter({ twilio_number: cfg.number, account_sid: cfg.accountSid, auth_token: cfg.authToken, validation_url: cfg.webhookUrl });
  // Botkit's Twilio client (declared private in its typings): sending through it directly lets us read
  // the error's Twilio code, which sendActivities hides behind a TurnContext.
  const client = (botkit as unknown as { api: { messages: { create(m: { body: string; from: string; to: string }): Promise<{ sid: string }> } } }).api;

  async function onWebhook(req: Request, res: Response, gateway: GatewayPort): Promise<void> {
    const signature = req.get('X-Twilio-Signature');
    const params = (req.body ?? {}) as Record<string, string>;
    if (!signature) {
      res.status(401).json({ error: 'missing X-Twilio-Signature header' });
      return;
    }
    if (typeof params !== 'object' || !isValidTwilioSignature(cfg.authToken, cfg.webhookUrl, params, signature)) {
      log.warn('webhook refused: X-Twilio-Signature does not match (check TWILIO_AUTH_TOKEN and that PUBLIC_URL is the URL Twilio calls)');
      res.status(403).json({ error: 'X-Twilio-Signature does not match' });
      return;
    }
    res.type('text/xml');
    const sms = InboundSmsSchema.safeParse(params);
    if (!sms.success || (!('Body' in params) && StatusCallbackSchema.safeParse(params).success)) {
      // Status callbacks and anything else that is no inbound message: acknowledged, nothing recorded.
      log.debug('webhook acknowledged without a message', { kinds: Object.keys(params).slice(0, 8) });
      res.status(200).send(EMPTY_TWIML);
      return;
    }
    if (sms.data.AccountSid !== cfg.accountSid) {
      res.status(403).json({ error: 'AccountSid is not this shop\'s account' });
      return;
    }
    await botkit.processActivity(req, res, async (turn) => {
      const msg = toInbound(sms.data, new Date());
      try {
        // SMS has no buttons: "2" answers the numbered list the bot sent last.
        if (/^\s*\d{1,2}\s*[.)]?\s*$/.test(msg.text)) {
          const last = (await gateway.transcript(smsConversationId(sms.data.From))).filter((l) => l.from !== 'buyer').at(-1);
          const option = last?.quickReplies && pickOption(msg.text, last.quickReplies);
          if (option) Object.assign(msg, { postback: option.payload, text: option.label });
        }
        await gateway.receive(msg);
        turn.turnState.set('httpBody', EMPTY_TWIML);
      } catch (err) {
        log.warn('message not recorded; answering 503 so Twilio retries', { conversationId: msg.address.conversationId, err });
        res.set('Retry-After', '5');
        turn.turnState.set('httpStatus', 503);
        turn.turnState.set('httpBody', EMPTY_TWIML);
      }
    });
  }

  return {
    channel: 'twilio',
    capabilities: { quickReplies: false, contactRequest: false, maxTextLength: 1600 },
    mount(http: HttpMount, gateway: GatewayPort) {
      http.app.post(TWILIO_WEBHOOK_PATH, (req, res, next) => {
        onWebhook(req, res, gateway).catch(next);
      });
    },
    async send(delivery: Delivery) {
      const to = delivery.address.conversationId.slice('twilio:'.length);
      for (const reply of delivery.replies) {
        for (const body of toSmsBodies(reply)) {
          try {
            await client.messages.create({ body, from: cfg.number, to });
          } catch (err) {
            throw classify(err);
          }
        }
      }
    },
  };
}
