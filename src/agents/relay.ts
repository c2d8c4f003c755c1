import type { ConversationId } from '../engine/types.js';
import type { GatewayEvent } from '../store/handoff.js';
import type { AgentChannel } from './accounts.js';
import { postPolitely, type DeskDeps } from './announce.js';
import { holderPlace, postOpts } from './places.js';
import { agentText } from './texts.js';

/**
 * Passes what a buyer writes in a conversation an agent holds on to that agent (in the buyer's
 * thread of the shared Slack channel or forum topic of the shared Telegram group, else the
 * agent's private chat), prefixed with the
 * conversation's number and the buyer's name, once across instances (a mark per message). A reply
 * to the relayed message answers that buyer. An agent's message the platform would not take is
 * reported the same way, with the reason.
 */
export function createRelay(deps: DeskDeps) {
  const { store, desk } = deps;
  const log = deps.log.child({ module: 'agents:relay' });
  const channels = Object.keys(deps.chats) as AgentChannel[];

  async function toHolder(conversationId: ConversationId, mark: string, text: (lang: string, n: number, name: string) => string): Promise<void> {
    const handoff = await store.handoffOf(conversationId);
    if (handoff.state !== 'agent') return;
    const shop = deps.shop();
    const holder = shop.agents.find((a) => a.name === handoff.agent);
    if (!holder) return;
    const place = await holderPlace(shop, holder, channels, desk, conversationId);
    if (!place) return; // the holder works from the console only
    if (!(await desk.once(mark))) return;
    const [n, session] = await Promise.all([desk.numberOf(conversationId), store.loadSession(conversationId)]);
    const name = session?.contact.name ?? conversationId.slice(0, conversationId.indexOf(':'));
    try {
      const messageId = await postPolitely(deps.chats[place.channel]!, place.chatId, text(place.lang, n, name), postOpts(place));
      await desk.link(place.key, messageId, conversationId);
    } catch (err) {
      log.warn('not passed on to the agent (it is in the console and the transcript)', { err, conversationId });
    }
  }

  return {
    async onEvent(event: GatewayEvent): Promise<void> {
      const conversationId = event.conversationId as ConversationId;
      if (event.type === 'message' && event.from === 'buyer') {
        await toHolder(conversationId, `relay:${conversationId}:${event.id}`, (lang, n, name) => agentText(lang, 'from', { n, name, text: event.text }));
      } else if (event.type === 'undelivered') {
        await toHolder(conversationId, `undelivered:${event.deliveryId}`, (lang, n) => agentText(lang, 'deliveryFailed', { n, reason: `${event.reason}. “${event.text.slice(0, 200)}”` }));
      }
    },
  };
}
