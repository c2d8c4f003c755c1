import type { Agent, ShopConfig } from '../config/schema.js';
import { agentLanguage, agentsOn, type AgentChannel } from './accounts.js';

/** A chat where the bot talks to agents: the shared agents' place, or one agent's private chat with the bot. */
export interface AgentPlace {
  channel: AgentChannel;
  chatId: string;
  /** The agent whose private chat it is; undefined for the shared place. */
  agent?: Agent;
  /** Language of what the bot posts there. */
  lang: string;
}

/** `<channel>:<chat id>`: how the desk store names a place. */
export const placeKey = (p: { channel: AgentChannel; chatId: string }) => `${p.channel}:${p.chatId}`;

/** An agent's private chat with the bot on `channel` (on Telegram the chat id is the user id). */
export function privatePlace(shop: ShopConfig, agent: Agent, channel: AgentChannel): AgentPlace | undefined {
  const id = agent[channel];
  return id ? { channel, chatId: id, agent, lang: agentLanguage(shop, agent) } : undefined;
}

/** Where a waiting buyer is announced: the shared place when configured, else every agent's private chat. */
export function announcePlaces(shop: ShopConfig, channels: readonly AgentChannel[]): AgentPlace[] {
  const places: AgentPlace[] = [];
  for (const channel of channels) {
    const shared = shop.agentsPlace?.[channel as 'telegram'];
    if (shared) places.push({ channel, chatId: shared, lang: shop.shop.defaultLanguage });
    else for (const agent of agentsOn(shop, channel)) places.push(privatePlace(shop, agent, channel)!);
  }
  return places;
}

/** Whether a message in conversation `conversationId` from `agent` is in one of the agents' chats with the bot. */
export function isAgentsChat(shop: ShopConfig, agent: Agent, channel: AgentChannel, conversationId: string): boolean {
  const chat = conversationId.slice(channel.length + 1);
  return chat === agent[channel] || chat === shop.agentsPlace?.[channel as 'telegram'];
}

/** Whether the conversation is the shared agents' place itself. */
export function isAgentsPlace(shop: ShopConfig, conversationId: string): boolean {
  const shared = shop.agentsPlace?.telegram;
  return shared !== undefined && conversationId === `telegram:${shared}`;
}
