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

/** `<channel>:<chat id>`: where a post is, to edit it. */
export const chatKey = (p: { channel: AgentChannel; chatId: string }) => `${p.channel}:${p.chatId}`;

/**
 * How the desk store names a place for "which conversation is this message about": the shared
 * place by its chat, a private chat by its agent (on Slack the bot posts to a user id, and the
 * agent's messages come from the DM channel, two ids for one chat).
 */
export const placeKey = (p: { channel: AgentChannel; chatId: string; agent?: { name: string } }) => (p.agent ? `${p.channel}:@${p.agent.name}` : chatKey(p));

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

/**
 * Whether a message in conversation `conversationId` from `agent` is in one of the agents' chats
 * with the bot: their private chat (Telegram: the chat id is their user id; Slack: a DM,
 * `slack:<team>:D…`) or the shared place.
 */
export function isAgentsChat(shop: ShopConfig, agent: Agent, channel: AgentChannel, conversationId: string): boolean {
  if (channel === 'slack') return /^slack:[A-Z0-9]+:D[A-Z0-9]+$/.test(conversationId);
  const chat = conversationId.slice(channel.length + 1);
  return chat === agent[channel] || chat === shop.agentsPlace?.[channel as 'telegram'];
}

/** The place a message from `agent` in `conversationId` was written in (see isAgentsChat). */
export function placeOfMessage(shop: ShopConfig, agent: Agent, channel: AgentChannel, conversationId: string): AgentPlace {
  if (isAgentsPlace(shop, conversationId)) return { channel, chatId: conversationId.slice(channel.length + 1), lang: agentLanguage(shop, agent) };
  return privatePlace(shop, agent, channel)!;
}

/** Whether the conversation is the shared agents' place itself. */
export function isAgentsPlace(shop: ShopConfig, conversationId: string): boolean {
  const shared = shop.agentsPlace?.telegram;
  return shared !== undefined && conversationId === `telegram:${shared}`;
}
