import { randomUUID } from 'node:crypto';
import type { Agent, ShopConfig } from '../config/schema.js';
import { planAgentReply, type ReplyWindow } from '../engine/reply-window.js';
import type { ChannelId, ConversationId, Delivery, OutboundFile, TranscriptEntry } from '../engine/types.js';
import type { ClaimResult, GatewayEvent, ReleaseResult } from '../store/handoff.js';
import type { Store } from '../store/types.js';

/**
 * What an agent does to a buyer's conversation, with the same store operations and events as the
 * console's API (src/http/conversations-api.ts), so the console and the chats stay in step.
 */
export function createAgentActions(store: Store, shop: () => ShopConfig, replyWindowOf: (channel: ChannelId) => ReplyWindow | undefined = () => undefined) {
  const publish = (event: GatewayEvent) => store.publish(event);

  return {
    /** Take a waiting conversation: exactly one agent wins across instances, within their maxConversations. */
    async claim(conversationId: ConversationId, agent: Agent): Promise<ClaimResult> {
      const result = await store.claimConversation(conversationId, agent.name, agent.maxConversations);
      if (result === 'claimed') await publish({ type: 'handoff', conversationId, state: 'agent', agent: agent.name, at: new Date().toISOString() });
      return result;
    },

    /**
     * Send `text` to the buyer on their own channel as the agent's message, after whatever is
     * already queued for them, under the channel's reply window (as the console's API does).
     * 'expired': the conversation is gone; `refused`: the window's reason.
     */
    async say(conversationId: ConversationId, agent: Agent, text: string): Promise<'sent' | 'expired' | { refused: string }> {
      const session = await store.loadSession(conversationId);
      if (!session) return 'expired';
      const cfg = shop();
      const now = new Date();
      const plan = planAgentReply(replyWindowOf(session.address.channel), session, text, { now, templateOf: (channel, lang) => cfg.windowTemplates[channel]?.[lang], defaultLanguage: cfg.shop.defaultLanguage });
      if ('refused' in plan) return { refused: plan.refused };
      const line: TranscriptEntry = { id: `${plan.delivery.id}:0`, from: 'agent', text, at: now.toISOString() };
      await store.sendAsAgent(conversationId, line, plan.delivery);
      await publish({ type: 'message', conversationId, id: line.id, from: 'agent', text, at: line.at, agent: agent.name });
      return 'sent';
    },

    /**
     * Pass a photo or file the agent sent on to the buyer, with `caption`, where the buyer's channel
     * can show it: only the platform the file id belongs to can (a Telegram agent's file to a
     * Telegram buyer). `cannotShow`: the buyer's channel, which cannot. The transcript says
     * "[photo] caption" (or "[file] …"), as the agent's line.
     */
    async sendFile(conversationId: ConversationId, agent: Agent, file: OutboundFile, caption: string): Promise<'sent' | 'expired' | { refused: string } | { cannotShow: ChannelId }> {
      const session = await store.loadSession(conversationId);
      if (!session) return 'expired';
      if (session.address.channel !== file.channel) return { cannotShow: session.address.channel };
      const cfg = shop();
      const now = new Date();
      const text = `[${file.type === 'photo' ? 'photo' : 'file'}]${caption ? ` ${caption}` : ''}`;
      const plan = planAgentReply(replyWindowOf(session.address.channel), session, text, { now, templateOf: () => undefined, defaultLanguage: cfg.shop.defaultLanguage });
      if ('refused' in plan) return { refused: plan.refused };
      const delivery: Delivery = { id: plan.delivery.id, address: plan.delivery.address, from: 'agent', replies: [{ kind: 'file', text: caption, file }] };
      const line: TranscriptEntry = { id: `${delivery.id}:0`, from: 'agent', text, at: now.toISOString() };
      await store.sendAsAgent(conversationId, line, delivery);
      await publish({ type: 'message', conversationId, id: line.id, from: 'agent', text, at: line.at, agent: agent.name });
      return 'sent';
    },

    /** Hand back to the bot (the buyer is told, in their language) or end it. Owners may release anyone's. */
    async release(conversationId: ConversationId, agent: Agent, to: 'bot' | 'closed'): Promise<ReleaseResult> {
      const result = await store.releaseConversation(conversationId, agent.role === 'owner' ? undefined : agent.name, to);
      if (result !== 'released') return result;
      if (to === 'bot') {
        const session = await store.loadSession(conversationId);
        if (session) {
          const cfg = shop();
          const texts = cfg.handoff.texts.released;
          const text = texts[session.lang ?? cfg.shop.defaultLanguage] ?? texts[cfg.shop.defaultLanguage]!;
          const delivery: Delivery = { id: `r:${randomUUID()}`, address: session.address, replies: [{ kind: 'text', text }] };
          await store.sendAsAgent(conversationId, { id: `${delivery.id}:0`, from: 'bot', text, at: new Date().toISOString() }, delivery);
        }
      }
      await publish({ type: 'handoff', conversationId, state: to, agent: agent.name, at: new Date().toISOString() });
      return result;
    },

    /** Have the bot ask the buyer for a phone number or e-mail, in order with what the buyer writes. False: expired. */
    async askContact(conversationId: ConversationId, agent: Agent): Promise<boolean> {
      const session = await store.loadSession(conversationId);
      if (!session) return false;
      await store.ingest({ id: `ask-contact:${randomUUID()}`, address: session.address, sender: { id: agent.name }, text: '', attachments: [], receivedAt: new Date().toISOString(), event: 'ask_contact' });
      return true;
    },

    /** The FAQ answer of `topic` in the buyer's language, if there is such a topic. */
    async faqAnswer(conversationId: ConversationId, topic: string): Promise<string | undefined> {
      const cfg = shop();
      const found = cfg.faq.find((t) => t.id.toLowerCase() === topic);
      if (!found) return undefined;
      const session = await store.loadSession(conversationId);
      return found.answer[session?.lang ?? cfg.shop.defaultLanguage] ?? found.answer[cfg.shop.defaultLanguage];
    },
  };
}

export type AgentActions = ReturnType<typeof createAgentActions>;
