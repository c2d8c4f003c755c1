import type { RouteRequest as Request, RouteResponse as Response } from '../../src/http/mount.js';
import { z } from 'zod';
import { AdapterError } from '../../src/errors.js';
import type { ChannelAdapter, Delivery, GatewayPort, HttpMount, InboundMessage } from '../../src/engine/types.js';
import { rawBodyOf } from '../../src/http/raw-body.js';
import type { Logger } from '../../src/log.js';
import { SentParts } from '../sent-parts.js';
import { classifyTwilioError, PERMANENT_CODES } from './api-error.js';
import { createBotkitTwilio } from './botkit.js';
import { asOptionAnswer, isOptionAnswer, isWhatsApp, offeredOptions, phoneOf, smsConversationId, toInbound } from './normalize.js';
import { E164, WHATSAPP_ADDRESS, type StatusCallback } from './payload.js';
import { MAX_SMS, toSmsBodies } from './render.js';
import { readTwilioRequest } from './request.js';
import { recordOrRedeliver, refuse } from '../webhook.js';
import { twilioSignatureProblem } from './signature.js';

/** Settings of the SMS channel (TWILIO_* variables and PUBLIC_URL). */
export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** The shop's number, E.164: replies go out from it. */
  number: string;
  /** Public URL of POST /webhooks/twilio exactly as Twilio calls it (signatures cover it). */
  webhookUrl: string;
  /** Twilio REST API base URL (TWILIO_API_ROOT; default https://api.twilio.com). */
  apiRoot?: string;
  log: Logger;
}

/** The number's "A message comes in" webhook (HTTP POST). */
export const TWILIO_WEBHOOK_PATH = '/webhooks/twilio';

/** Nothing for Twilio to do: replies go out through the REST API, once the turn has run. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
/** Seconds we ask for when the store is down (Twilio retries only with connection overrides). */
const OP = 'Messages.create';
/** `Address.ref` of a WhatsApp conversation (TwilioRef): the sender the buyer wrote to. */
const RefSchema = z.object({ from: z.string().regex(WHATSAPP_ADDRESS) });

/**
 * Twilio SMS/MMS: incoming messages at `POST /webhooks/twilio` (form-encoded), replies through
 * the REST API (Messages.json) with Botkit's TwilioAdapter (see botkit.ts).
 *
 * Every request is verified first (X-Twilio-Signature over the configured public URL, constant
 * time): 401 without a signature, 403 with a wrong one, no side effect either way. An incoming
 * message is answered 200 with empty TwiML only once recorded, 503 when it could not be. Status
 * callbacks are acknowledged without a reply (a failure is logged; 21610 and the other codes meaning
 * the buyer cannot get our messages mark the conversation unreachable at once); anything else is
 * acknowledged and not recorded. WhatsApp through Twilio (`From=whatsapp:+…`) is its own
 * conversation, answered from the `whatsapp:` sender it came to. SMS has no buttons: options go
 * out as "1) … 2) …", and a digit answering them comes back as that option's postback (the offer
 * is read from the conversation's transcript, so every instance knows it).
 */
export function createTwilioAdapter(cfg: TwilioConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:twilio' });
  const twilio = createBotkitTwilio({ accountSid: cfg.accountSid, authToken: cfg.authToken, number: cfg.number, ...(cfg.apiRoot ? { apiRoot: cfg.apiRoot } : {}) });
  const sentParts = new SentParts();

  /** A digit answering the last numbered list becomes that option; needs the store, like recording. */
  async function withOption(msg: InboundMessage, gateway: GatewayPort): Promise<InboundMessage> {
    if (!isOptionAnswer(msg.text)) return msg;
    return asOptionAnswer(msg, offeredOptions(await gateway.transcript(msg.address.conversationId)));
  }

  async function onWebhook(req: Request, res: Response, gateway: GatewayPort): Promise<void> {
    // The exact form Twilio signed: every parameter, repeated ones included.
    const form = new URLSearchParams(rawBodyOf(req)?.toString('utf8') ?? '');
    const problem = twilioSignatureProblem(cfg.authToken, cfg.webhookUrl, form, req.get('x-twilio-signature'));
    if (problem) return refuse(res, log, problem, 'check TWILIO_AUTH_TOKEN, and that PUBLIC_URL/webhooks/twilio is exactly the URL set on the number');
    const request = readTwilioRequest(Object.fromEntries(form), { accountSid: cfg.accountSid, number: cfg.number });
    if (request.kind === 'malformed') {
      log.debug('webhook refused: malformed body', { reason: request.reason });
      res.status(400).json({ error: `malformed Twilio request: ${request.reason}` });
      return;
    }
    if (request.kind === 'ignored') {
      log.debug('acknowledged without a message', { reason: request.reason });
      res.status(200).type('text/xml').send(EMPTY_TWIML);
      return;
    }
    if (request.kind === 'status') {
      if (await recordOrRedeliver(res, log, () => onStatus(request.status, gateway), () => ({ msgSid: request.status.MessageSid }))) res.status(200).type('text/xml').send(EMPTY_TWIML);
      return;
    }
    if (request.sms.skippedMedia.length) {
      // Never a 400 for these: Twilio does not retry a 4xx, and the buyer's text would be lost.
      log.warn('media left out of an incoming message', { msgId: request.sms.MessageSid, skipped: request.sms.skippedMedia });
    }
    let msg = toInbound(request.sms, new Date());
    // The message id in logs, not the conversation id: that one is the buyer's full phone number.
    const recorded = await recordOrRedeliver(
      res,
      log,
      async () => {
        msg = await withOption(msg, gateway);
        const outcome = await gateway.receive(msg);
        log.debug('message recorded', { msgId: msg.id, outcome, media: msg.attachments.length });
      },
      () => ({ msgId: msg.id }),
    );
    if (recorded) res.status(200).type('text/xml').send(EMPTY_TWIML);
  }

  /** A status callback: logged; a code saying the buyer cannot get our messages (21610: STOP) marks them unreachable now. */
  async function onStatus(status: StatusCallback, gateway: GatewayPort): Promise<void> {
    const code = status.ErrorCode;
    const buyer = E164.test(status.To) || WHATSAPP_ADDRESS.test(status.To) ? status.To : undefined;
    if (code !== undefined && PERMANENT_CODES.has(code) && buyer) {
      await gateway.markUnreachable(smsConversationId(buyer));
      log.info('Twilio says the buyer cannot get our messages; their replies are held back until they write again', { msgSid: status.MessageSid, status: status.MessageStatus, code });
    } else if (code !== undefined || status.MessageStatus === 'failed' || status.MessageStatus === 'undelivered') {
      log.warn('a message we sent was not delivered', { msgSid: status.MessageSid, status: status.MessageStatus, ...(code !== undefined ? { code } : {}) });
    } else {
      log.debug('status callback', { msgSid: status.MessageSid, status: status.MessageStatus });
    }
  }

  /** Who a delivery goes out from: the shop's number for SMS, the WhatsApp sender the buyer wrote to. */
  function senderOf(delivery: Delivery): string {
    if (!isWhatsApp(delivery.address.conversationId)) return cfg.number;
    const ref = RefSchema.safeParse(delivery.address.ref);
    return ref.success ? ref.data.from : `whatsapp:${cfg.number}`;
  }

  return {
    channel: 'twilio',
    // Twilio queues outgoing messages per sender at the number's own rate: no pacing needed here.
    capabilities: { quickReplies: false, contactRequest: false, maxTextLength: MAX_SMS },

    mount(http: HttpMount, gateway: GatewayPort) {
      http.post(TWILIO_WEBHOOK_PATH, (req, res) => onWebhook(req, res, gateway));
    },

    async send(delivery: Delivery) {
      const to = phoneOf(delivery.address.conversationId);
      const from = senderOf(delivery);
      if (!to) throw new AdapterError('twilio', OP, { retryable: false, cause: new Error(`no phone number in ${delivery.address.conversationId}`) });
      const bodies = delivery.replies.flatMap(toSmsBodies);
      const done = sentParts.done(delivery.id);
      let sent = done;
      try {
        for (const body of bodies.slice(done)) {
          const sid = await twilio.sendSms(to, body, from);
          // Twilio took the request but named no message: it may have been sent, so not retried.
          if (!sid) throw new AdapterError('twilio', OP, { retryable: false, cause: new Error('Twilio answered without a message SID') });
          sent++;
        }
      } catch (err) {
        const failure = classifyTwilioError(OP, err);
        sentParts.failed(delivery.id, sent, failure.opts.retryable);
        throw failure;
      }
      sentParts.finished(delivery.id);
    },
  };
}
