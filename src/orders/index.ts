import type { Express } from 'express';
import type { Env, ShopConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { createOrdersStore } from '../store/orders-index.js';
import type { Store } from '../store/types.js';
import { mountOrders } from './http.js';

/** Orders: the store beside the main one, the event API and the store webhooks. */
export async function startOrders(app: Express, deps: { env: Env; store: Store; shop: ShopConfig; log: Logger }): Promise<{ close(): Promise<void> }> {
  const orders = await createOrdersStore(deps.env.REDIS_URL);
  mountOrders(app, {
    orders,
    store: deps.store,
    shop: deps.shop,
    log: deps.log,
    ...(deps.env.SHOPIFY_WEBHOOK_SECRET ? { shopifySecret: deps.env.SHOPIFY_WEBHOOK_SECRET } : {}),
    ...(deps.env.WOOCOMMERCE_WEBHOOK_SECRET ? { wooCommerceSecret: deps.env.WOOCOMMERCE_WEBHOOK_SECRET } : {}),
  });
  return { close: () => orders.close() };
}
