import type { AgentChat } from '../src/agents/chat.js';
import type { Config } from '../src/config/schema.js';
import type { ChannelAdapter, ChannelId } from '../src/engine/types.js';
import type { Logger } from '../src/log.js';
import { createFacebookAdapter } from './facebook/index.js';
import { createLineAdapter } from './line/index.js';
import { createSlackAgentChat } from './slack/agent-chat.js';
import { createSlackAdapter } from './slack/index.js';
import { createTelegramAgentChat } from './telegram/agent-chat.js';
import { createTelegramAdapter } from './telegram/index.js';
import { createTwilioAdapter } from './twilio/index.js';
import { createWebAdapter } from './web/index.js';
import { createWhatsAppAdapter } from './whatsapp/index.js';

/**
 * The adapters of the channels that are configured: a channel is on exactly when its
 * credentials are set (config validation already refused half-configured ones).
 * The web chat needs no credentials and is always on.
 */
export function createAdapters(config: Config, log: Logger): Map<ChannelId, ChannelAdapter> {
  const env = config.env;
  const adapters = new Map<ChannelId, ChannelAdapter>();
  adapters.set('web', createWebAdapter({ ...(env.WEB_CHAT_SECRET ? { secret: env.WEB_CHAT_SECRET } : {}), log }));
  if (env.TELEGRAM_BOT_TOKEN) {
    adapters.set(
      'telegram',
      createTelegramAdapter({
        botToken: env.TELEGRAM_BOT_TOKEN,
        ...(env.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: env.TELEGRAM_WEBHOOK_SECRET } : {}),
        mode: env.TELEGRAM_MODE,
        apiRoot: env.TELEGRAM_API_ROOT,
        allowGroups: env.TELEGRAM_ALLOW_GROUPS,
        ...(config.shop.agentsPlace?.telegram ? { agentsChat: config.shop.agentsPlace.telegram } : {}),
        maxPerSecond: env.TELEGRAM_MAX_PER_SECOND,
        log,
      }),
    );
  }
  if (env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) {
    adapters.set('slack', createSlackAdapter({ botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, apiRoot: env.SLACK_API_ROOT, log }));
  }
  if (env.FACEBOOK_ACCESS_TOKEN && env.FACEBOOK_APP_SECRET && env.FACEBOOK_VERIFY_TOKEN) {
    adapters.set(
      'facebook',
      createFacebookAdapter({
        accessToken: env.FACEBOOK_ACCESS_TOKEN,
        appSecret: env.FACEBOOK_APP_SECRET,
        verifyToken: env.FACEBOOK_VERIFY_TOKEN,
        apiVersion: env.FACEBOOK_API_VERSION,
        apiRoot: env.FACEBOOK_API_ROOT ?? `https://${env.FACEBOOK_API_HOST}`,
        log,
      }),
    );
  }
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_NUMBER && env.PUBLIC_URL) {
    adapters.set(
      'twilio',
      createTwilioAdapter({
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: env.TWILIO_AUTH_TOKEN,
        number: env.TWILIO_NUMBER,
        // Relative, so a PUBLIC_URL with a path prefix (behind a proxy) keeps it.
        webhookUrl: new URL('webhooks/twilio', env.PUBLIC_URL.replace(/\/?$/, '/')).toString(),
        apiRoot: env.TWILIO_API_ROOT,
        log,
      }),
    );
  }
  if (env.LINE_CHANNEL_SECRET && env.LINE_CHANNEL_ACCESS_TOKEN) {
    adapters.set('line', createLineAdapter({ channelSecret: env.LINE_CHANNEL_SECRET, channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN, apiRoot: env.LINE_API_ROOT, log }));
  }
  if (env.WHATSAPP_ACCESS_TOKEN && env.WHATSAPP_PHONE_NUMBER_ID && env.WHATSAPP_APP_SECRET && env.WHATSAPP_VERIFY_TOKEN) {
    adapters.set(
      'whatsapp',
      createWhatsAppAdapter({
        accessToken: env.WHATSAPP_ACCESS_TOKEN,
        phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
        appSecret: env.WHATSAPP_APP_SECRET,
        verifyToken: env.WHATSAPP_VERIFY_TOKEN,
        apiVersion: env.WHATSAPP_API_VERSION,
        apiRoot: env.WHATSAPP_API_ROOT,
        log,
      }),
    );
  }
  return adapters;
}

/** The chat clients agents on the go are talked to with (src/agents), for the channels that have one and are on. */
export function createAgentChats(config: Config): Partial<Record<'telegram' | 'slack', AgentChat & { close(): void }>> {
  const env = config.env;
  return {
    ...(env.TELEGRAM_BOT_TOKEN ? { telegram: createTelegramAgentChat({ botToken: env.TELEGRAM_BOT_TOKEN, apiRoot: env.TELEGRAM_API_ROOT }) } : {}),
    ...(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET ? { slack: createSlackAgentChat({ botToken: env.SLACK_BOT_TOKEN, apiRoot: env.SLACK_API_ROOT }) } : {}),
  };
}
