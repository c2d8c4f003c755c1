import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { OrderEvent } from './events.js';

/** Shopify signs the raw body: base64 HMAC-SHA256 with the app's secret, in X-Shopify-Hmac-Sha256. */
export function isShopifySigned(raw: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const id = z.union([z.number(), z.string()]).transform(String);
const LineItems = z.array(z.object({ name: z.string(), quantity: z.number().int().positive() })).default([]);
const ShopifyOrder = z.object({
  id,
  name: z.string().optional(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  customer_locale: z.string().nullish(),
  currency: z.string().nullish(),
  total_price: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  line_items: LineItems,
});
const ShopifyFulfillment = z.object({
  id,
  order_id: id,
  name: z.string().nullish(),
  email: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  tracking_company: z.string().nullish(),
  tracking_number: z.string().nullish(),
  tracking_url: z.string().nullish(),
  shipment_status: z.string().nullish(),
});

/** The topics mapped onto order events; others are answered 200 and ignored. */
export const SHOPIFY_TOPICS = ['orders/create', 'orders/paid', 'orders/cancelled', 'fulfillments/create', 'fulfillments/update'] as const;

const iso = (t: string) => new Date(t).toISOString();
const emailOf = (e: string | null | undefined) => (e && z.email().safeParse(e).success ? { email: e } : {});
const phoneOf = (p: string | null | undefined) => (p && /^\+\d{6,15}$/.test(p) ? { phone: p } : {});

/**
 * A Shopify webhook body -> an order event (before validation), or a reason it is not one.
 * `webhookId` (X-Shopify-Webhook-Id) is the same on Shopify's retries: it makes the event idempotent.
 */
export function fromShopify(topic: string, body: unknown, webhookId: string | undefined): { event: Record<string, unknown> } | { ignored: string } {
  if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic)) return { ignored: `topic ${topic} is not used` };
  if (topic.startsWith('fulfillments/')) {
    const f = ShopifyFulfillment.safeParse(body);
    if (!f.success)
      return {
        ignored: `fulfillment body not understood: ${f.error.issues[0]?.message ?? ''}`,
      };
    const delivered = f.data.shipment_status === 'delivered';
    if (topic === 'fulfillments/update' && !delivered) return { ignored: 'fulfillment update without delivery' };
    const at = iso(f.data.updated_at ?? f.data.created_at);
    return {
      event: {
        id: `shopify:${webhookId ?? `${topic}:${f.data.id}:${at}`}`,
        type: delivered ? 'delivered' : 'shipped',
        orderId: `shopify:${f.data.order_id}`,
        ...(f.data.name ? { orderNumber: f.data.name.replace(/\.\d+$/, '') } : {}),
        at,
        buyer: emailOf(f.data.email),
        ...(f.data.tracking_company ? { courier: f.data.tracking_company } : {}),
        ...(f.data.tracking_number ? { trackingNumber: f.data.tracking_number } : {}),
        ...(f.data.tracking_url ? { trackingUrl: f.data.tracking_url } : {}),
        source: 'shopify',
      } satisfies Partial<OrderEvent> & Record<string, unknown>,
    };
  }
  const o = ShopifyOrder.safeParse(body);
  if (!o.success)
    return {
      ignored: `order body not understood: ${o.error.issues[0]?.message ?? ''}`,
    };
  const type = topic === 'orders/create' ? 'created' : topic === 'orders/paid' ? 'paid' : 'cancelled';
  const at = iso(type === 'created' ? o.data.created_at : type === 'cancelled' ? (o.data.cancelled_at ?? o.data.updated_at ?? o.data.created_at) : (o.data.updated_at ?? o.data.created_at));
  return {
    event: {
      id: `shopify:${webhookId ?? `${topic}:${o.data.id}:${at}`}`,
      type,
      orderId: `shopify:${o.data.id}`,
      ...(o.data.name ? { orderNumber: o.data.name } : {}),
      at,
      buyer: { ...emailOf(o.data.email), ...phoneOf(o.data.phone) },
      items: o.data.line_items.map((i) => ({
        name: i.name,
        quantity: i.quantity,
      })),
      ...(o.data.total_price ? { total: o.data.total_price } : {}),
      ...(o.data.currency ? { currency: o.data.currency } : {}),
      ...(o.data.customer_locale ? { language: o.data.customer_locale.slice(0, 2).toLowerCase() } : {}),
      source: 'shopify',
    },
  };
}
