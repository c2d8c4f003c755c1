import { createHmac } from 'node:crypto';
import { FacebookAdapter } from 'botbuilder-adapter-facebook';
import type { RouteRequest as Request, RouteResponse as Response } from '../../src/http/mount.js';
import { AdapterError } from '../../src/errors.js';
import type { ChannelAdapter, Delivery, GatewayPort, HttpMount } from '../../src/engine/types.js';
import { rawBodyOf } from '../../src/http/raw-body.js';
import type { Logger } from '../../src/log.js';
import { SentParts } from '../sent-parts.js';
import { decideWindow, type ReplyWindow } from '../../src/engine/reply-window.js';
import { psidOf, toInbound } from './normalize.js';
import { FacebookRefSchema, PartiesSchema, WebhookBodySchema } from './payload.js';
import { MAX_TEXT, toSendRequests } from './render.js';
import { createSendApi } from './send-api.js';
import { recordOrRedeliver, refuse, signatureProblem } from '../webhook.js';
import { checkSignature, verifyMetaSubscription } from './signature.js';

/** Settings of the Messenger channel (FACEBOOK_* variables). */
export interface FacebookConfig {
  /** Page access token: sends replies. */
  accessToken: string;
  /** App secret: signs every webhook delivery (X-Hub-Signature-256). */
  appSecret: string;
  /** The token typed into the app's webhook settings, echoed back by Meta when subscribing. */
  verifyToken: string;
  /** Pinned Graph API version, e.g. v19.0. */
  apiVersion: string;
  /** Graph API base URL (FACEBOOK_API_ROOT, else https:// + FACEBOOK_API_HOST); a local fake in tests. */
  apiRoot: string;
  /** Clock, for Messenger's reply window. */
  now?: () => number;
  log: Logger;
}

/** Callback URL to register in the Meta app's Messenger webhook settings. */
export const MESSENGER_WEBHOOK_PATH = '/webhooks/messenger';

/** Messenger's window: 24 h for any message, 7 days for a person's reply (the HUMAN_AGENT tag). */
export const MESSENGER_WINDOW: ReplyWindow = { label: 'Messenger', hours: 24, agentHours: 7 * 24 };

/** Seconds Meta is told to wait before redelivering when the store is down (it may redeliver sooner). */

/** Botkit's per-turn callback; typed through the adapter, as botbuilder is not our direct dependency. */
type BotkitLogic = Parameters<FacebookAdapter['processActivity']>[2];

/** What Botkit's processActivity touches of the response: it answers 200 itself, which we do instead. */
const botkitResponseSink = { status: () => botkitResponseSink, end: () => undefined };

/**
 * The Facebook Messenger channel: `GET/POST /webhooks/messenger`, with Botkit's FacebookAdapter
 * turning each messaging event into a turn, and replies sent through the Send API.
 *
 * Wrapped because Botkit's adapter checks only the SHA-1 signature with `!==`, crashes on entries
 * without `messaging`, defaults to Graph API v3.2, and logs and swallows send errors: here the
 * SHA-256 signature is checked in constant time first, the body is validated with zod, every
 * event of every entry is recorded before Meta gets its 200 (503 if any could not be), and sends
 * throw AdapterError with Meta's error code classified.
 */
export function createFacebookAdapter(cfg: FacebookConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:facebook' });
  const botkit = new FacebookAdapter({
    access_token: cfg.accessToken,
    app_secret: cfg.appSecret,
    verify_token: cfg.verifyToken,
    api_host: new URL(cfg.apiRoot).host,
    api_version: cfg.apiVersion,
  });
  const api = createSendApi(cfg);
  const sentParts = new SentParts();

  const verifySubscription = (req: Request, res: Response) => verifyMetaSubscription(req, res, cfg.verifyToken, 'FACEBOOK_VERIFY_TOKEN', log);

  async function receiveDelivery(req: Request, res: Response, gateway: GatewayPort): Promise<void> {
    // Authenticate before anything else: an unsigned request must have no side effect at all.
    const signature = req.headers['x-hub-signature-256'];
    const raw = rawBodyOf(req) ?? Buffer.alloc(0);
    const problem = signatureProblem(checkSignature(raw, signature, cfg.appSecret), 'X-Hub-Signature-256');
    if (problem?.status === 401) return refuse(res, log, problem);
    if (!rawBodyOf(req)) {
      res.status(400).json({ error: 'expected a JSON body (Content-Type: application/json)' });
      return;
    }
    if (problem) return refuse(res, log, problem, 'check FACEBOOK_APP_SECRET');

    const parsed = WebhookBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      log.debug('webhook refused: malformed body', { reason });
      res.status(400).json({ error: `malformed Messenger webhook body: ${reason}` });
      return;
    }
    const body = parsed.data;
    if (body.object !== 'page') {
      log.debug('webhook for an object we do not handle; acknowledged', { object: body.object });
      res.status(200).send('EVENT_RECEIVED');
      return;
    }

    // Botkit reads sender.id and recipient.id of every event and gives up on the whole batch
    // when one lacks them (checkbox opt-ins carry only a user_ref): those never reach it.
    let ignored = 0;
    const entry = body.entry.map((e) => ({
      id: e.id,
      time: e.time,
      messaging: (e.messaging ?? []).filter((event) => {
        const ok = PartiesSchema.safeParse(event).success;
        if (!ok) {
          ignored += 1;
          log.debug('messaging event without sender and recipient ids ignored', { kinds: Object.keys(event) });
        }
        return ok;
      }),
    }));

    const receivedAt = new Date();
    let recorded = 0;
    let duplicates = 0;
    const onTurn: BotkitLogic = async (turn) => {
      const result = toInbound(turn.activity.channelData, receivedAt);
      if (result.kind === 'ignored') {
        ignored += 1;
        log.debug('messaging event ignored', { reason: result.reason });
        return;
      }
      // Sequential on purpose: the order Meta delivered is the order the store records.
      const outcome = await gateway.receive(result.msg);
      if (outcome === 'duplicate') duplicates += 1;
      else recorded += 1;
    };

    // Meta redelivers the whole batch; what was recorded already comes back as duplicates.
    const done = await recordOrRedeliver(res, log, async () => {
      // Botkit gets a view of the request: our validated events (a copy, since it writes into
      // them) and an SHA-1 header computed from the bytes just verified with SHA-256, so its own
      // weaker check can neither fail nor be what lets a request in. It runs every event of
      // every entry in order and rejects as soon as one `gateway.receive` throws.
      const sha1 = `sha1=${createHmac('sha1', cfg.appSecret).update(raw).digest('hex')}`;
      const view = { body: structuredClone({ object: body.object, entry }), rawBody: raw, headers: { 'x-hub-signature': sha1 } };
      await botkit.processActivity(view, botkitResponseSink, onTurn);
    }, () => ({ recorded }));
    if (!done) return;
    log.debug('messenger delivery recorded', { recorded, duplicates, ignored });
    res.status(200).send('EVENT_RECEIVED');
  }

  return {
    channel: 'facebook',
    capabilities: { quickReplies: true, contactRequest: true, maxTextLength: MAX_TEXT, replyWindow: MESSENGER_WINDOW },

    mount(http: HttpMount, gateway: GatewayPort) {
      http.get(MESSENGER_WEBHOOK_PATH, verifySubscription);
      http.post(MESSENGER_WEBHOOK_PATH, (req, res) => receiveDelivery(req, res, gateway));
    },

    async send(delivery: Delivery) {
      // Past the window: an agent's reply goes with the HUMAN_AGENT tag up to 7 days, anything else is refused, never sent blind.
      const at = FacebookRefSchema.safeParse(delivery.address.ref).data?.at;
      const decision = decideWindow(MESSENGER_WINDOW, at, (cfg.now ?? Date.now)(), { from: delivery.from ?? 'bot', hasTemplate: false });
      if (decision.send === 'refuse' || decision.send === 'template') throw new AdapterError('facebook', 'me/messages', { retryable: false, cause: new Error(decision.send === 'refuse' ? decision.reason : 'Messenger has no templates here') });
      const requests = toSendRequests(psidOf(delivery.address.conversationId), delivery.replies, decision.send === 'agent_tag' ? 'HUMAN_AGENT' : 'RESPONSE');
      const done = sentParts.done(delivery.id);
      for (let i = done; i < requests.length; i++) {
        try {
          await api.sendMessage(requests[i]!);
        } catch (err) {
          const retryable = err instanceof AdapterError && err.opts.retryable;
          sentParts.failed(delivery.id, i, retryable);
          throw err;
        }
      }
      sentParts.finished(delivery.id);
    },
  };
}
