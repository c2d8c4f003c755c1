import type { ShopConfig } from '../config/schema.js';
import type { InboundMessage } from '../engine/types.js';
import type { Session } from '../store/session.js';
import type { OrderPromise, OrdersStore } from '../store/orders-types.js';

/** A buyer writing after this long is "coming back": promises made to them are brought up. */
const RETURN_AFTER_MS = 6 * 3_600_000;
import { buyerRefKeys, toOrderView, type OrderView } from './events.js';
import { orderOfLinkToken } from './link-token.js';

/** What a flow sees of the buyer's orders: only this buyer's, newest first. */
export interface BuyerOrders {
  orders: OrderView[];
  /** Open promises to a buyer coming back after a while (loaded then only), oldest first. */
  promises?: OrderPromise[];
}

/** `live` is the shop config the turn runs with (the YAML with the owner's teaching on top): it tells what an order question is. */
export type OrdersLookup = (msg: InboundMessage, session: Session, live?: ShopConfig) => Promise<BuyerOrders | undefined>;

/**
 * The buyer's orders, for the messages `wants` says are about them (one Redis read then, none
 * otherwise). Found by this conversation and the phone or e-mail the contact flow gathered:
 * never by an order number alone, which anyone could guess.
 */
export function createOrdersLookup(orders: OrdersStore, base: ShopConfig, wants: (msg: InboundMessage, shop: ShopConfig) => boolean, linkSecret?: () => Promise<string>): OrdersLookup {
  return async (msg, session, live) => {
    // The turn's own config: a question the owner taught as "tracking" finds the orders, and the
    // message is read once for the lookup and the flows (flows/faq/read.ts keeps the reading by message).
    const shop = live ?? base;
    if (!shop.orders || !msg.text.trim()) return undefined;
    // A buyer who opened the shop's signed order link: attach the order to this conversation.
    const linked = linkSecret && msg.text.includes('o_') ? orderOfLinkToken(msg.text, await linkSecret()) : undefined;
    if (linked) await orders.link(linked, `conv:${session.address.conversationId}`);
    else if (!wants(msg, shop)) {
      const returning = shop.orders.mentionPromises && Date.parse(msg.receivedAt) - Date.parse(session.lastSeenAt) > RETURN_AFTER_MS;
      if (!returning) return undefined;
      const open = (await orders.promises(session.address.conversationId)).filter((p) => p.status === 'open');
      return open.length ? { orders: [], promises: open } : undefined;
    }
    const refs = buyerRefKeys({
      conversationId: session.address.conversationId,
      ...(session.contact.phone ? { phone: session.contact.phone } : {}),
      ...(session.contact.email ? { email: session.contact.email } : {}),
    });
    const ids = await orders.orderIdsFor(refs);
    const views = (await Promise.all(ids.map(async (id) => toOrderView(await orders.events(id))))).filter((v): v is OrderView => v !== undefined);
    return {
      orders: views.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    };
  };
}
