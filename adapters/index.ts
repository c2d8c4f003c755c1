import type { AgentChat } from '../src/agents/chat.js';
import type { ShopConfig } from '../src/config/schema.js';
import type { ChannelAdapter, ChannelId } from '../src/engine/types.js';
import type { Logger } from '../src/log.js';
import { createFacebookAdapter } from './facebook/index.js';
import { createLineAdapter } from './line/index.js';
import type { ChannelSettings } from './settings.js';
import { createSlackAgentChat } from './slack/agent-chat.js';
import { createSlackAdapter } from './slack/index.js';
import { createTelegramAgentChat } from './telegram/agent-chat.js';
import { createTelegramAdapter } from './telegram/index.js';
import { createTwilioAdapter } from './twilio/index.js';
import { createWebAdapter } from './web/index.js';
import { createWhatsAppAdapter } from './whatsapp/index.js';

/**
 * The adapters of the channels that are on: a channel's settings (./settings.ts) are there exactly
 * when its credentials are set (half-configured ones were refused while loading them).
 * The web chat needs no credentials and is always on.
 */
export function createAdapters(channels: ChannelSettings, shop: ShopConfig, log: Logger): Map<ChannelId, ChannelAdapter> {
  const adapters = new Map<ChannelId, ChannelAdapter>();
  adapters.set('web', createWebAdapter({ ...channels.web, log }));
  if (channels.telegram) {
    const agentsChat = shop.agentsPlace?.telegram;
    adapters.set('telegram', createTelegramAdapter({ ...channels.telegram, ...(agentsChat ? { agentsChat } : {}), log }));
  }
  if (channels.slack) adapters.set('slack', createSlackAdapter({ ...channels.slack, log }));
  if (channels.facebook) adapters.set('facebook', createFacebookAdapter({ ...channels.facebook, log }));
  if (channels.twilio) adapters.set('twilio', createTwilioAdapter({ ...channels.twilio, log }));
  if (channels.line) adapters.set('line', createLineAdapter({ ...channels.line, log }));
  if (channels.whatsapp) adapters.set('whatsapp', createWhatsAppAdapter({ ...channels.whatsapp, log }));
  return adapters;
}

/** The chat clients agents on the go are talked to with (src/agents), for the channels that have one and are on. */
export function createAgentChats(channels: ChannelSettings): Partial<Record<'telegram' | 'slack', AgentChat & { close(): void }>> {
  const { telegram, slack } = channels;
  return {
    ...(telegram ? { telegram: createTelegramAgentChat({ botToken: telegram.botToken, apiRoot: telegram.apiRoot }) } : {}),
    ...(slack ? { slack: createSlackAgentChat({ botToken: slack.botToken, apiRoot: slack.apiRoot }) } : {}),
  };
}
