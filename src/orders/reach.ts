import type { ConversationId } from '../engine/types.js';
import type { OrdersStore } from '../store/orders-types.js';
import type { SessionsPort } from '../store/types.js';
import type { OrderView } from './events.js';

/**
 * The conversations a buyer's phone number is itself the address of: WhatsApp (Cloud API, keyed by
 * the number's digits; and through Twilio) and SMS. WhatsApp first: it is where a buyer given by
 * phone at checkout reads messages, and its templates reach them outside the window.
 */
const phoneConversations = (phone: string): ConversationId[] => [`whatsapp:${phone.slice(1)}`, `twilio:whatsapp:${phone}`, `twilio:${phone}`] as ConversationId[];

/**
 * The conversation to tell a buyer about their order: the one the order names or was linked to;
 * else, for an order known only by the buyer's phone or e-mail (a checkout that never saw the
 * chat), a conversation with that number as its address, or one where the buyer gave that phone or
 * e-mail to the bot (the most recently active). A conversation found that way is linked to the
 * order, so its later events and "where is my order?" find it at once.
 */
export async function buyerConversation(orders: OrdersStore, store: SessionsPort, view: OrderView): Promise<ConversationId | undefined> {
  const linked = (await orders.refsOf(view.orderId)).find((r) => r.startsWith('conv:'));
  if (linked) return linked.slice('conv:'.length) as ConversationId;
  const { phone, email } = view.buyer;
  if (!phone && !email) return undefined;
  const candidates = new Set<ConversationId>(phone ? phoneConversations(phone) : []);
  const wanted = email?.toLowerCase();
  for (const { conversationId, contact } of await store.contacts()) {
    if ((phone && contact.phone === phone) || (wanted && contact.email?.toLowerCase() === wanted)) candidates.add(conversationId);
  }
  let best: { id: ConversationId; lastSeen: number } | undefined;
  for (const id of candidates) {
    const session = await store.loadSession(id);
    const lastSeen = session ? Date.parse(session.lastSeenAt) : NaN;
    if (session && !(best && best.lastSeen >= lastSeen)) best = { id, lastSeen };
  }
  if (best) await orders.link(view.orderId, `conv:${best.id}`);
  return best?.id;
}
