import type { Express } from 'express';
import type { Env, ShopConfig } from '../config/schema.js';
import type { TurnReport } from '../engine/turn.js';
import type { InboundMessage } from '../engine/types.js';
import type { Logger } from '../log.js';
import { createOrdersStore } from '../store/orders-index.js';
import type { HandoffPort, SessionsPort, StoreLifecycle } from '../store/types.js';
import { mountOrders } from './http.js';
import { createOrdersLookup, type OrdersLookup } from './lookup.js';
import { createOrderNotifier } from './notify.js';

/** Orders: the store beside the main one, the event API, the store webhooks and the follow-up loop. */
export async function startOrders(deps: {
  env: Env;
  store: SessionsPort & HandoffPort & Pick<StoreLifecycle, 'sharedSecret'>;
  shop: ShopConfig;
  log: Logger;
  /** Whether a message asks about the buyer's orders (the flows' classifier, passed in by main.ts). */
  wants: (msg: InboundMessage, shop: ShopConfig) => boolean;
  pollMs?: number;
}): Promise<{
  lookup: OrdersLookup;
  /** Told of every committed turn: a complaint cancels the buyer's follow-ups. Never throws. */
  noteTurn(turn: TurnReport): void;
  mount(app: Express): void;
  close(): Promise<void>;
}> {
  const orders = await createOrdersStore(deps.env.REDIS_URL);
  const log = deps.log.child({ module: 'orders' });
  const notifier = createOrderNotifier({
    orders,
    store: deps.store,
    shop: deps.shop,
    log,
    clock: () => new Date(),
  });
  const mount = (app: Express) =>
    mountOrders(app, {
      orders,
      store: deps.store,
      shop: deps.shop,
      log: deps.log,
      notifier,
      linkSecret,
      ...(deps.env.SHOPIFY_WEBHOOK_SECRET ? { shopifySecret: deps.env.SHOPIFY_WEBHOOK_SECRET } : {}),
      ...(deps.env.WOOCOMMERCE_WEBHOOK_SECRET ? { wooCommerceSecret: deps.env.WOOCOMMERCE_WEBHOOK_SECRET } : {}),
    });
  const linkSecret = () => deps.store.sharedSecret('orders-link');
  let running = true;
  const timer = setInterval(() => {
    if (running) notifier.tick().catch((err: unknown) => log.warn('cannot send due follow-ups; retrying', { err }));
  }, deps.pollMs ?? 5000);
  timer.unref();
  return {
    lookup: createOrdersLookup(orders, deps.shop, deps.wants, linkSecret),
    noteTurn(turn) {
      if (turn.humanRequested !== 'complaint' || !deps.shop.orders) return;
      const { conversationId } = turn.msg.address;
      notifier.onComplaint(conversationId).catch((err: unknown) => log.warn('cannot cancel follow-ups after a complaint', { conversationId, err }));
    },
    mount,
    async close() {
      running = false;
      clearInterval(timer);
      await orders.close();
    },
  };
}
