import type { ShopConfig } from '../config/schema.js';
import type { InboundMessage } from '../engine/types.js';
import type { Session } from '../store/session.js';
import type { OrdersStore } from '../store/orders-types.js';
import { buyerRefKeys, toOrderView, type OrderView } from './events.js';
import { orderOfLinkToken } from './link-token.js';

/** What a flow sees of the buyer's orders: only this buyer's, newest first. */
export interface BuyerOrders {
  orders: OrderView[];
}

export type OrdersLookup = (msg: InboundMessage, session: Session) => Promise<BuyerOrders | undefined>;

/**
 * The buyer's orders, for the messages `wants` says are about them (one Redis read then, none
 * otherwise). Found by this conversation and the phone or e-mail the contact flow gathered:
 * never by an order number alone, which anyone could guess.
 */
export function createOrdersLookup(orders: OrdersStore, shop: ShopConfig, wants: (text: string, shop: ShopConfig, languageHint?: string) => boolean, linkSecret?: () => Promise<string>): OrdersLookup {
  return async (msg, session) => {
    if (!shop.orders || !msg.text.trim()) return undefined;
    // A buyer who opened the shop's signed order link: attach the order to this conversation.
    const linked = linkSecret && msg.text.includes('o_') ? orderOfLinkToken(msg.text, await linkSecret()) : undefined;
    if (linked) await orders.link(linked, `conv:${session.address.conversationId}`);
    else if (!wants(msg.text, shop, msg.languageHint)) return undefined;
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
