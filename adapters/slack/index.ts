import { LogLevel, WebClient, type Logger as WebApiLogger } from '@slack/web-api';
import type { RouteRequest as Request, RouteResponse as Response } from '../../src/http/mount.js';
import { AdapterError } from '../../src/errors.js';
import type { Address, ChannelAdapter, ChannelHealth, Delivery, GatewayPort, HttpMount } from '../../src/engine/types.js';
import { rawBodyOf } from '../../src/http/raw-body.js';
import type { Logger } from '../../src/log.js';
import { SentParts } from '../sent-parts.js';
import { classifyWebApiError, DEAD_TOKEN_ERRORS } from './api-error.js';
import { createBotkitSlack } from './botkit.js';
import { placeOf, slackReference } from './normalize.js';
import { SlackReferenceSchema, type SlackReference } from './payload.js';
import { MAX_MESSAGE, toSlack } from './render.js';
import { readSlackRequest } from './request.js';
import { recordOrRedeliver, refuse } from '../webhook.js';
import { slackSignatureProblem } from './signature.js';

/** Settings of the Slack channel (SLACK_* variables). */
export interface SlackConfig {
  /** Bot token (`xoxb-…`): sends replies. */
  botToken: string;
  /** Signing secret: signs every request Slack sends us. */
  signingSecret: string;
  /** Slack Web API base URL, with trailing slash (tests point it at nock). */
  apiRoot: string;
  log: Logger;
}

/** Request URL for Event Subscriptions (and, if you like, Interactivity). */
export const SLACK_WEBHOOK_PATH = '/webhooks/slack';
/** Request URL for Interactivity (button presses); the events URL takes them too. */
export const SLACK_INTERACTIONS_PATH = '/webhooks/slack/interactions';

/** Request URL of the `/shopdesk` slash command (owners' and agents' chat commands). */
export const SLACK_COMMANDS_PATH = '/webhooks/slack/commands';

/** Seconds we ask Slack to wait when the store is down (Slack retries on its own schedule anyway). */
/** A Web API call that hangs longer than this fails and is retried (the client has no timeout by default). */
const API_TIMEOUT_MS = 10_000;

/** @slack/web-api's logger, into ours at debug: failures reach the engine as AdapterError and are logged there. */
function webApiLogger(log: Logger): WebApiLogger {
  let level = LogLevel.DEBUG;
  const write = (...msg: unknown[]) => void log.debug(`web-api: ${msg.map(String).join(' ')}`);
  return { debug: write, info: write, warn: write, error: write, setLevel: (l) => void (level = l), getLevel: () => level, setName: () => undefined };
}

/** Where a delivery goes: the stored ConversationReference, else the place its conversation id names. */
function referenceOf(address: Address): SlackReference | undefined {
  const stored = SlackReferenceSchema.safeParse(address.ref);
  if (stored.success) return stored.data;
  const place = placeOf(address.conversationId);
  const derived = place && SlackReferenceSchema.safeParse(slackReference(place, undefined, undefined));
  return derived?.success ? derived.data : undefined;
}

/**
 * Slack: the Events API (direct messages and mentions) and Interactivity (buttons) at
 * `POST /webhooks/slack` (and `/webhooks/slack/interactions`), replies with chat.postMessage
 * through Botkit's SlackAdapter (see botkit.ts for its traps and how each is avoided).
 *
 * Every request is verified first (v0 HMAC-SHA256 over the exact body bytes, constant-time,
 * timestamp within 5 minutes either way): anything else is a 401 with no side effect. A message
 * is answered 200 only once recorded, 503 when it could not be; flows run off the request path,
 * well within Slack's 3 seconds. Retries (X-Slack-Retry-Num) are recorded like any delivery: the
 * event_id dedupe makes them a no-op when the first one got in, and the message when it did not.
 */
export function createSlackAdapter(cfg: SlackConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:slack' });
  const client = new WebClient(cfg.botToken, {
    slackApiUrl: cfg.apiRoot,
    // The gateway's queue retries (in order, counted, with Retry-After): the client must not.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: API_TIMEOUT_MS,
    logger: webApiLogger(log),
  });
  const botkit = createBotkitSlack({ signingSecret: cfg.signingSecret, botToken: cfg.botToken, client });
  const sentParts = new SentParts();
  /** Down while Slack refuses the app's token; up again at the first message it takes. */
  let health: ChannelHealth = { up: true };

  /** A send failed: if the token is dead, the channel is down (logged once, as the operator's to fix). */
  function noteFailure(failure: AdapterError): void {
    const error = /\(([a-z_]+)\)$/.exec(failure.op)?.[1];
    if (!error || !DEAD_TOKEN_ERRORS.has(error) || !health.up) return;
    health = { up: false, reason: `Slack refuses the bot token (${error}): reinstall the app or set a new SLACK_BOT_TOKEN; replies are kept queued` };
    log.error('Slack channel down: the app token is dead; replies are kept queued until it works again', { error });
  }

  async function onRequest(req: Request, res: Response, gateway: GatewayPort): Promise<void> {
    // Authenticate before anything else, url_verification included: no side effect unsigned.
    const reason = slackSignatureProblem(
      cfg.signingSecret,
      { timestamp: req.get('x-slack-request-timestamp'), signature: req.get('x-slack-signature') },
      rawBodyOf(req),
      Math.floor(Date.now() / 1000),
    );
    if (reason) return refuse(res, log, { status: 401, reason }); // Slack's docs: any failed check is answered 401
    const retry = req.get('x-slack-retry-num');
    const request = readSlackRequest(req.body, Boolean(req.is('application/x-www-form-urlencoded')), new Date());
    switch (request.kind) {
      case 'malformed':
        log.debug('webhook refused: malformed body', { reason: request.reason });
        res.status(400).json({ error: `malformed Slack request: ${request.reason}` });
        return;
      case 'challenge':
        res.status(200).json({ challenge: request.challenge });
        return;
      case 'ignored':
        log.debug('acknowledged without a message', { reason: request.reason, ...(retry ? { retry } : {}) });
        res.status(200).end();
        return;
    }
    const { msg } = request;
    const recorded = await recordOrRedeliver(
      res,
      log,
      async () => {
        const outcome = await gateway.receive(msg);
        log.debug('message recorded', { conversationId: msg.address.conversationId, msgId: msg.id, outcome, ...(retry ? { retry, retryReason: req.get('x-slack-retry-reason') } : {}) });
      },
      () => ({ conversationId: msg.address.conversationId, msgId: msg.id }),
    );
    if (!recorded) return;
    res.status(200).end();
  }

  return {
    channel: 'slack',
    // Slack allows about one message per second per channel, with short bursts.
    capabilities: { quickReplies: true, contactRequest: false, maxTextLength: MAX_MESSAGE, mergeTexts: true, rateLimit: { conversationIntervalMs: 1000 } },

    mount(http: HttpMount, gateway: GatewayPort) {
      http.post(SLACK_WEBHOOK_PATH, (req, res) => onRequest(req, res, gateway));
      http.post(SLACK_INTERACTIONS_PATH, (req, res) => onRequest(req, res, gateway));
      http.post(SLACK_COMMANDS_PATH, (req, res) => onRequest(req, res, gateway));
    },

    async send(delivery: Delivery) {
      const reference = referenceOf(delivery.address);
      if (!reference) {
        throw new AdapterError('slack', 'chat.postMessage', { retryable: false, cause: new Error(`no Slack channel in ${delivery.address.conversationId}`) });
      }
      const messages = delivery.replies.flatMap(toSlack);
      const done = sentParts.done(delivery.id);
      let sent = done;
      try {
        await botkit.post(reference, messages.slice(done), () => void sent++);
      } catch (err) {
        const failure = err instanceof AdapterError ? err : classifyWebApiError('chat.postMessage', err);
        if (sent > done && !health.up) health = { up: true }; // some went out: the token works again
        sentParts.failed(delivery.id, sent, failure.opts.retryable);
        noteFailure(failure);
        throw failure;
      }
      if (!health.up) log.info('Slack channel up again: the bot token is accepted');
      health = { up: true };
      sentParts.finished(delivery.id);
    },

    health: () => health,
  };
}
