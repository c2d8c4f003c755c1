import { WebClient } from '@slack/web-api';
import type { Request, Response } from 'express';
import { AdapterError } from '../../src/engine/errors.js';
import type { ChannelAdapter, Delivery, GatewayPort, HttpMount, InboundMessage } from '../../src/engine/types.js';
import { rawBodyOf } from '../../src/http/raw-body.js';
import type { Logger } from '../../src/log.js';
import { actionToInbound, toInbound } from './normalize.js';
import { BlockActionsSchema, SlackEventEnvelopeSchema } from './payload.js';
import { toSlack } from './render.js';
import { slackSignatureProblem } from './signature.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Slack Web API base URL, with trailing slash (tests point it at nock). */
  apiRoot: string;
  log: Logger;
}

export const SLACK_WEBHOOK_PATH = '/webhooks/slack';
/** Slack errors meaning the conversation can no longer get our messages. */
const GONE = new Set(['channel_not_found', 'is_archived', 'account_inactive', 'user_not_found', 'user_disabled', 'not_in_channel', 'team_access_not_granted']);

interface SlackFailure {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
}

function classify(err: unknown): AdapterError {
  const f = (err ?? {}) as SlackFailure;
  const cause = err;
  switch (f.code) {
    case 'slack_webapi_rate_limited_error':
      return new AdapterError('slack', 'chat.postMessage', { retryable: true, status: 429, ...(f.retryAfter ? { retryAfterMs: f.retryAfter * 1000 } : {}), cause });
    case 'slack_webapi_platform_error': {
      const error = f.data?.error ?? '';
      if (GONE.has(error)) return new AdapterError('slack', 'chat.postMessage', { retryable: false, permanent: true, cause });
      return new AdapterError('slack', 'chat.postMessage', { retryable: error === 'ratelimited' || error === 'internal_error' || error === 'fatal_error', cause });
    }
    case 'slack_webapi_http_error':
      return new AdapterError('slack', 'chat.postMessage', { retryable: (f.statusCode ?? 500) >= 500, ...(f.statusCode ? { status: f.statusCode } : {}), cause });
    default:
      return new AdapterError('slack', 'chat.postMessage', { retryable: true, cause }); // network: try again
  }
}

/**
 * Slack through the Events API (DMs and mentions) and interactivity (buttons), answered with the
 * Slack Web API client. Botkit's SlackAdapter is not constructed: with a bot token its constructor
 * calls auth.test and `process.exit(1)` when that fails, it silently skips the signature check when
 * `req.rawBody` is missing, and it logs and swallows send errors. The signature check is ours
 * (constant time, 5-minute window both ways), and we send with the same client it wraps
 * (@slack/web-api), its own retries off so the gateway's queue keeps order and counts attempts.
 */
export function createSlackAdapter(cfg: SlackConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:slack' });
  const client = new WebClient(cfg.botToken, { slackApiUrl: cfg.apiRoot, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

  async function onWebhook(req: Request, res: Response, gateway: GatewayPort): Promise<void> {
    const problem = slackSignatureProblem(cfg.signingSecret, { timestamp: req.get('X-Slack-Request-Timestamp'), signature: req.get('X-Slack-Signature') }, rawBodyOf(req), Math.floor(Date.now() / 1000));
    if (problem) {
      log.warn(`webhook refused: ${problem}`);
      res.status(401).json({ error: problem });
      return;
    }
    let msg: InboundMessage | undefined;
    const body = req.body as Record<string, unknown>;
    if (typeof body.payload === 'string') {
      // Interactivity: a button press, form-encoded.
      let json: unknown;
      try {
        json = JSON.parse(body.payload);
      } catch {
        res.status(400).json({ error: 'payload is not JSON' });
        return;
      }
      const action = BlockActionsSchema.safeParse(json);
      if (!action.success) {
        log.debug('interaction acknowledged without a message', { type: (json as { type?: string }).type });
        res.status(200).end();
        return;
      }
      msg = actionToInbound(action.data, new Date());
    } else {
      const envelope = SlackEventEnvelopeSchema.safeParse(body);
      if (!envelope.success) {
        const known = ['url_verification', 'event_callback'].includes(String(body.type));
        if (known) {
          res.status(400).json({ error: `malformed Slack event: ${envelope.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
        } else {
          log.debug('request acknowledged without a message', { type: body.type });
          res.status(200).end();
        }
        return;
      }
      if (envelope.data.type === 'url_verification') {
        res.json({ challenge: envelope.data.challenge });
        return;
      }
      if (envelope.data.type !== 'event_callback') {
        res.status(200).end();
        return;
      }
      const normalized = toInbound(envelope.data, new Date());
      if ('ignored' in normalized) {
        log.debug('event acknowledged without a message', { reason: normalized.ignored });
        res.status(200).end();
        return;
      }
      msg = normalized.msg;
    }
    try {
      // A retry (X-Slack-Retry-Num) is recorded like any delivery: the event_id dedupe answers it once.
      await gateway.receive(msg);
    } catch (err) {
      log.warn('event not recorded; answering 503 so Slack retries', { conversationId: msg.address.conversationId, err });
      res.status(503).set('Retry-After', '5').json({ error: 'temporarily unavailable' });
      return;
    }
    res.status(200).end();
  }

  return {
    channel: 'slack',
    capabilities: { quickReplies: true, contactRequest: false, maxTextLength: 3000 },
    mount(http: HttpMount, gateway: GatewayPort) {
      const route = (req: Request, res: Response, next: (err?: unknown) => void) => void onWebhook(req, res, gateway).catch(next);
      http.app.post(SLACK_WEBHOOK_PATH, route);
      http.app.post(`${SLACK_WEBHOOK_PATH}/interactions`, route);
    },
    async send(delivery: Delivery) {
      const [, , channel] = delivery.address.conversationId.split(':');
      const ref = delivery.address.ref as { threadTs?: string } | undefined;
      for (const reply of delivery.replies) {
        for (const message of toSlack(reply)) {
          try {
            await client.chat.postMessage({ channel: channel!, ...message, ...(ref?.threadTs ? { thread_ts: ref.threadTs } : {}) });
          } catch (err) {
            throw classify(err);
          }
        }
      }
    },
  };
}
