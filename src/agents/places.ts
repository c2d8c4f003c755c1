import type { Agent, ShopConfig } from '../config/schema.js';
import type { ConversationId } from '../engine/types.js';
import type { AgentDeskStore } from '../store/agent-desk-types.js';
import { agentLanguage, agentsOn, type AgentChannel } from './accounts.js';

/** A chat where the bot talks to agents: the shared agents' place, or one agent's private chat with the bot. */
export interface AgentPlace {
  channel: AgentChannel;
  chatId: string;
  /** The agent whose private chat it is; undefined for the shared place. */
  agent?: Agent;
  /** Language of what the bot posts there. */
  lang: string;
  /** In a shared Slack channel: the thread (one per buyer, under its announcement) the bot answers in. */
  thread?: string;
  /** In a shared Telegram group with topics: the buyer's forum topic the bot answers in. */
  topic?: string;
}

/** How to post in a place: in its Slack thread (as a reply to the announcement) or its forum topic. */
export const postOpts = (p: Pick<AgentPlace, 'thread' | 'topic'>): { replyTo?: string; topic?: string } => (p.thread ? { replyTo: p.thread } : p.topic ? { topic: p.topic } : {});

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

/** The shared agents' place on `channel` (shop config `agentsPlace`), if there is one. */
export function sharedPlace(shop: ShopConfig, channel: AgentChannel): AgentPlace | undefined {
  const id = shop.agentsPlace?.[channel];
  return id ? { channel, chatId: id, lang: shop.shop.defaultLanguage } : undefined;
}

/** Where a waiting buyer is announced: the shared place when configured, else every agent's private chat. */
export function announcePlaces(shop: ShopConfig, channels: readonly AgentChannel[]): AgentPlace[] {
  const places: AgentPlace[] = [];
  for (const channel of channels) {
    const shared = sharedPlace(shop, channel);
    if (shared) places.push(shared);
    else for (const agent of agentsOn(shop, channel)) places.push(privatePlace(shop, agent, channel)!);
  }
  return places;
}

/** A Slack conversation id `slack:<team>:<channel>[:<thread ts>]` -> its channel and thread. */
const slackParts = (conversationId: string) => /^slack:[A-Z0-9]+:([A-Z0-9]+)(?::(\d+\.\d+))?$/.exec(conversationId) ?? undefined;

/**
 * Whether a message in conversation `conversationId` from `agent` is in one of the agents' chats
 * with the bot: their private chat (Telegram: the chat id is their user id; Slack: a DM,
 * `slack:<team>:D…`) or the shared place.
 */
export function isAgentsChat(shop: ShopConfig, agent: Agent, channel: AgentChannel, conversationId: string): boolean {
  if (isAgentsPlace(shop, conversationId)) return true;
  if (channel === 'slack') return slackParts(conversationId)?.[1]?.startsWith('D') === true && slackParts(conversationId)?.[2] === undefined;
  return conversationId.slice(channel.length + 1) === agent[channel];
}

/** The place a message from `agent` in `conversationId` was written in (see isAgentsChat), with its Slack thread or forum topic. */
export function placeOfMessage(shop: ShopConfig, agent: Agent, channel: AgentChannel, conversationId: string, topic?: string): AgentPlace {
  if (!isAgentsPlace(shop, conversationId)) return privatePlace(shop, agent, channel)!;
  const place = { ...sharedPlace(shop, channel)!, lang: agentLanguage(shop, agent) };
  const thread = channel === 'slack' ? slackParts(conversationId)?.[2] : undefined;
  if (thread) return { ...place, thread };
  return channel === 'telegram' && topic ? { ...place, topic } : place;
}

/** Whether the conversation is the shared agents' place itself (on Slack: any thread of the channel). */
export function isAgentsPlace(shop: ShopConfig, conversationId: string): boolean {
  const { telegram, slack } = shop.agentsPlace ?? {};
  if (telegram !== undefined && conversationId === `telegram:${telegram}`) return true;
  return slack !== undefined && slackParts(conversationId)?.[1] === slack;
}

/**
 * Where what concerns a held conversation goes to its holder: its thread in the shared Slack
 * channel, or its forum topic in the shared Telegram group, when it was announced there and the
 * holder works on that platform, else the holder's private chat (on the first channel they have
 * an account on).
 */
export async function holderPlace(shop: ShopConfig, holder: Agent, channels: readonly AgentChannel[], desk: Pick<AgentDeskStore, 'posts' | 'topicOf'>, conversationId: ConversationId): Promise<(AgentPlace & { key: string }) | undefined> {
  const shared = channels.includes('slack') && holder.slack ? sharedPlace(shop, 'slack') : undefined;
  if (shared) {
    const announcement = (await desk.posts(conversationId)).find((p) => p.chat === chatKey(shared));
    if (announcement) return { ...shared, lang: agentLanguage(shop, holder), thread: announcement.messageId, key: placeKey(shared) };
  }
  const group = channels.includes('telegram') && holder.telegram ? sharedPlace(shop, 'telegram') : undefined;
  const topic = group ? await desk.topicOf(chatKey(group), conversationId) : undefined;
  if (group && topic) return { ...group, lang: agentLanguage(shop, holder), topic, key: placeKey(group) };
  for (const channel of channels) {
    const place = privatePlace(shop, holder, channel);
    if (place) return { ...place, key: placeKey(place) };
  }
  return undefined;
}
