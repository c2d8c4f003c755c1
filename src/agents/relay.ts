import type { ConversationId } from '../engine/types.js';
import type { GatewayEvent } from '../store/handoff.js';
import type { AgentChannel } from './accounts.js';
import { postPolitely, type DeskDeps } from './announce.js';
import { placeKey, privatePlace } from './places.js';
import { agentText } from './texts.js';

/**
 * Passes what a buyer writes in a conversation an agent holds on to that agent's chat, prefixed
 * with the conversation's number and the buyer's name, once across instances (a mark per message).
 * A reply to the relayed message answers that buyer.
 */
export function createRelay(deps: DeskDeps) {
  const { store, desk } = deps;
  const log = deps.log.child({ module: 'agents:relay' });
  const channels = Object.keys(deps.chats) as AgentChannel[];

  return {
    async onEvent(event: GatewayEvent): Promise<void> {
      if (event.type !== 'message' || event.from !== 'buyer') return;
      const conversationId = event.conversationId as ConversationId;
      const handoff = await store.handoffOf(conversationId);
      if (handoff.state !== 'agent') return;
      const shop = deps.shop();
      const holder = shop.agents.find((a) => a.name === handoff.agent);
      const place = holder && channels.map((c) => privatePlace(shop, holder, c)).find(Boolean);
      if (!place) return; // the holder works from the console only
      if (!(await desk.once(`relay:${conversationId}:${event.id}`))) return;
      const [n, session] = await Promise.all([desk.numberOf(conversationId), store.loadSession(conversationId)]);
      const text = agentText(place.lang, 'from', { n, name: session?.contact.name ?? conversationId.slice(0, conversationId.indexOf(':')), text: event.text });
      try {
        const messageId = await postPolitely(deps.chats[place.channel]!, place.chatId, text);
        await desk.link(placeKey(place), messageId, conversationId);
      } catch (err) {
        log.warn('buyer message not relayed to the agent (it is in the console and the transcript)', { err, conversationId });
      }
    },
  };
}
