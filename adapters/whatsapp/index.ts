import type { RouteRequest as Request, RouteResponse as Response } from '../../src/http/mount.js';
import type { ChannelAdapter, ChannelHealth, Delivery, GatewayPort, HttpMount } from '../../src/engine/types.js';
import { decideWindow, type ReplyWindow } from '../../src/engine/reply-window.js';
import { AdapterError } from '../../src/errors.js';
import { rawBodyOf } from '../../src/http/raw-body.js';
import type { Logger } from '../../src/log.js';
import { SentParts } from '../sent-parts.js';
import { createGraphApi } from './graph-api.js';
import { recipientOf, toInbound, toStatus, type StatusUpdate } from './normalize.js';
import { MessagesValueSchema, WebhookBodySchema, WhatsAppRefSchema } from './payload.js';
import { MAX_TEXT, toSendBodies, toTemplateBody, type WhatsAppSend } from './render.js';
import { recordOrRedeliver, refuse, signatureProblem } from '../webhook.js';
import { checkSignature, verifyMetaSubscription } from './signature.js';

/** Settings of the WhatsApp Cloud API channel (WHATSAPP_* variables). */
export interface WhatsAppConfig {
  /** System user (or temporary) access token: sends replies. */
  accessToken: string;
  /** The shop's business phone number id: replies go from it unless the buyer wrote to another. */
  phoneNumberId: string;
  /** App secret: signs every webhook delivery (X-Hub-Signature-256). */
  appSecret: string;
  /** The token typed into the app's webhook settings, echoed back by Meta when subscribing. */
  verifyToken: string;
  /** Pinned Graph API version, e.g. v23.0. */
  apiVersion: string;
  /** Graph API base URL; a local fake in tests (http:// accepted). */
  apiRoot: string;
  log: Logger;
  /** Clock, for the 24-hour window. */
  now?: () => number;
}

/** Callback URL to register in the Meta app's WhatsApp → Configuration → Webhook. */
export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';

/** WhatsApp's customer service window: free-form only within 24 h of the buyer's last message, a template after. */
export const WHATSAPP_WINDOW: ReplyWindow = { label: 'WhatsApp', hours: 24, templates: true };

/** Buyer messages already marked read by this instance, oldest forgotten first. */
const MAX_REMEMBERED_READS = 10_000;

/**
 * The WhatsApp Cloud API channel: `GET/POST /webhooks/whatsapp`. The signature is checked over
 * the raw bytes before anything else; every message of every change of every entry is recorded
 * before Meta gets its 200 (503 if one could not be: Meta redelivers, and what was recorded comes
 * back as duplicates). Replies go through a small Graph API client; outside the 24-hour window
 * only the delivery's approved template goes, or nothing (the delivery is refused, not retried).
 */
export function createWhatsAppAdapter(cfg: WhatsAppConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:whatsapp' });
  const now = cfg.now ?? Date.now;
  const api = createGraphApi(cfg);
  const sentParts = new SentParts();
  const markedRead = new Set<string>();
  let health: ChannelHealth = { up: true };

  const verifySubscription = (req: Request, res: Response) => verifyMetaSubscription(req, res, cfg.verifyToken, 'WHATSAPP_VERIFY_TOKEN', log);

  /** A status of one of our messages: acknowledged; a failure is logged, and marks the buyer unreachable only when its code says so. */
  async function onStatus(update: StatusUpdate, gateway: GatewayPort): Promise<void> {
    if (!update.failure) return;
    log.warn('whatsapp message not delivered', { messageId: update.messageId, code: update.failure.code, title: update.failure.title, conversationId: update.conversationId });
    if (!update.unreachable || !update.conversationId) return;
    // Statuses may come late and out of order: a failure older than the buyer's latest message is stale.
    const lastBuyer = (await gateway.transcript(update.conversationId)).findLast((l) => l.from === 'buyer');
    if (lastBuyer && Date.parse(lastBuyer.at) > update.at) return;
    await gateway.markUnreachable(update.conversationId);
  }

  async function receive(req: Request, res: Response, gateway: GatewayPort): Promise<void> {
    // Authenticate before anything else: an unsigned request must have no side effect at all.
    const raw = rawBodyOf(req);
    const problem = signatureProblem(checkSignature(raw ?? Buffer.alloc(0), req.headers['x-hub-signature-256'], cfg.appSecret), 'X-Hub-Signature-256');
    if (problem?.status === 401) return refuse(res, log, problem);
    if (!raw) {
      res.status(400).json({ error: 'expected a JSON body (Content-Type: application/json)' });
      return;
    }
    if (problem) return refuse(res, log, problem, 'check WHATSAPP_APP_SECRET');
    const parsed = WebhookBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.status(400).json({ error: `malformed WhatsApp webhook body: ${reason}` });
      return;
    }
    if (parsed.data.object !== 'whatsapp_business_account') {
      log.debug('webhook for an object we do not handle; acknowledged', { object: parsed.data.object });
      res.status(200).send('EVENT_RECEIVED');
      return;
    }

    const receivedAt = new Date();
    const counts = { recorded: 0, duplicates: 0, ignored: 0, statuses: 0 };
    // Meta redelivers the whole batch; what was recorded already comes back as duplicates.
    const done = await recordOrRedeliver(res, log, async () => {
      // In order: the order Meta delivered is the order the store records.
      for (const entry of parsed.data.entry) {
        for (const change of entry.changes) {
          const value = change.field === 'messages' ? MessagesValueSchema.safeParse(change.value) : undefined;
          if (!value?.success) {
            counts.ignored += 1;
            log.debug('change ignored', { field: change.field });
            continue;
          }
          for (const item of value.data.messages ?? []) {
            const result = toInbound(value.data, item, receivedAt);
            if (result.kind === 'ignored') {
              counts.ignored += 1;
              log.debug('whatsapp message ignored', { reason: result.reason, type: result.type });
            } else if ((await gateway.receive(result.msg)) === 'duplicate') counts.duplicates += 1;
            else counts.recorded += 1;
          }
          for (const item of value.data.statuses ?? []) {
            const update = toStatus(item);
            counts.statuses += 1;
            if (update) await onStatus(update, gateway);
            else log.debug('status ignored: not one we can read');
          }
        }
      }
    }, () => counts);
    if (!done) return;
    log.debug('whatsapp delivery recorded', counts);
    res.status(200).send('EVENT_RECEIVED');
  }

  /** Blue ticks on the buyer's message, once, before the reply to it; a failure here never stops the reply. */
  async function markRead(phoneNumberId: string, messageId: string | undefined): Promise<void> {
    if (!messageId || markedRead.has(messageId)) return;
    markedRead.add(messageId);
    if (markedRead.size > MAX_REMEMBERED_READS) markedRead.delete(markedRead.values().next().value!);
    await api.markRead(phoneNumberId, messageId).catch((err: unknown) => log.debug('could not mark the buyer message read', { err }));
  }

  /** The bodies a delivery goes as: its text inside the window, its template outside, or a refusal (never sent blind). */
  function bodiesOf(delivery: Delivery, at: number | undefined): WhatsAppSend[] {
    const to = recipientOf(delivery.address.conversationId);
    const decision = decideWindow(WHATSAPP_WINDOW, at, now(), { from: delivery.from ?? 'bot', hasTemplate: delivery.template !== undefined });
    if (decision.send === 'refuse') throw new AdapterError('whatsapp', 'messages', { retryable: false, cause: new Error(decision.reason) });
    if (decision.send === 'template') return [toTemplateBody(to, delivery.template!)];
    return toSendBodies(to, delivery.replies);
  }

  return {
    channel: 'whatsapp',
    capabilities: { quickReplies: true, contactRequest: false, maxTextLength: MAX_TEXT, replyWindow: WHATSAPP_WINDOW },

    mount(http: HttpMount, gateway: GatewayPort) {
      http.get(WHATSAPP_WEBHOOK_PATH, verifySubscription);
      http.post(WHATSAPP_WEBHOOK_PATH, (req, res) => receive(req, res, gateway));
    },

    async send(delivery: Delivery) {
      const ref = WhatsAppRefSchema.safeParse(delivery.address.ref).data;
      const from = ref?.phoneNumberId ?? cfg.phoneNumberId;
      const bodies = bodiesOf(delivery, ref?.at);
      const done = sentParts.done(delivery.id);
      if (done === 0 && delivery.from !== 'agent') await markRead(from, ref?.messageId);
      for (let i = done; i < bodies.length; i++) {
        try {
          await api.sendMessage(from, bodies[i]!);
        } catch (err) {
          const held = err instanceof AdapterError && err.opts.hold;
          if (held && health.up) {
            health = { up: false, reason: 'WhatsApp refuses the access token (expired, revoked or missing permissions): set a new WHATSAPP_ACCESS_TOKEN; replies are kept queued' };
            log.error('whatsapp access token refused; replies are held until it is fixed', { err });
          }
          sentParts.failed(delivery.id, i, err instanceof AdapterError && (err.opts.retryable || held === true));
          throw err;
        }
        if (!health.up) log.info('WhatsApp channel up again: the access token is accepted');
        health = { up: true };
      }
      sentParts.finished(delivery.id);
    },

    health: () => health,
  };
}
