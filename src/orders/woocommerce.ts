import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** WooCommerce signs the raw body like Shopify: base64 HMAC-SHA256, in X-WC-Webhook-Signature. */
export function isWooSigned(raw: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const WooOrder = z.object({
  id: z.number(),
  number: z.string().optional(),
  status: z.string(),
  currency: z.string().optional(),
  total: z.string().optional(),
  date_created_gmt: z.string(),
  date_modified_gmt: z.string().nullish(),
  billing: z.object({ email: z.string().nullish(), phone: z.string().nullish() }).partial().default({}),
  line_items: z.array(z.object({ name: z.string(), quantity: z.number().int().positive() })).default([]),
  meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).default([]),
});

/** WooCommerce order status -> our event; statuses that say nothing to the buyer are left out. */
const STATUS: Record<string, string> = {
  pending: 'created',
  'on-hold': 'created',
  processing: 'paid',
  completed: 'shipped',
  cancelled: 'cancelled',
  refunded: 'refunded',
};

/** The Shipment Tracking extension's items, when the shop uses it. */
const TrackingItems = z.array(
  z.object({
    tracking_provider: z.string().optional(),
    custom_tracking_provider: z.string().optional(),
    tracking_number: z.string(),
    custom_tracking_link: z.string().optional(),
  }),
);

/**
 * A WooCommerce `order.created` / `order.updated` body -> an order event (before validation).
 * The id is the order, its status and its modification time: a replay is the same event.
 */
export function fromWooCommerce(body: unknown): { event: Record<string, unknown> } | { ignored: string } {
  const o = WooOrder.safeParse(body);
  if (!o.success)
    return {
      ignored: `order body not understood: ${o.error.issues[0]?.message ?? ''}`,
    };
  const type = STATUS[o.data.status];
  if (!type) return { ignored: `status ${o.data.status} is not used` };
  const at = new Date(`${o.data.date_modified_gmt ?? o.data.date_created_gmt}Z`).toISOString();
  const tracking = TrackingItems.safeParse(o.data.meta_data.find((m) => m.key === '_wc_shipment_tracking_items')?.value);
  const first = tracking.success ? tracking.data[0] : undefined;
  // Completed without a tracking number is still shipped for the shop, but we have nothing to track: say paid.
  const finalType = type === 'shipped' && !first ? 'paid' : type;
  const email = o.data.billing.email && z.email().safeParse(o.data.billing.email).success ? { email: o.data.billing.email } : {};
  return {
    event: {
      id: `woocommerce:${o.data.id}:${o.data.status}:${at}`,
      type: finalType,
      orderId: `woocommerce:${o.data.id}`,
      orderNumber: o.data.number ?? String(o.data.id),
      at,
      buyer: email,
      items: o.data.line_items.map((i) => ({
        name: i.name,
        quantity: i.quantity,
      })),
      ...(o.data.total ? { total: o.data.total } : {}),
      ...(o.data.currency ? { currency: o.data.currency } : {}),
      ...(first
        ? {
            courier: first.custom_tracking_provider || first.tracking_provider || undefined,
            trackingNumber: first.tracking_number,
          }
        : {}),
      ...(first?.custom_tracking_link ? { trackingUrl: first.custom_tracking_link } : {}),
      source: 'woocommerce',
    },
  };
}
