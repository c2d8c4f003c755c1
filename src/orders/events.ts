import { z } from 'zod';

/** What can happen to an order, in the order it normally happens. */
export const ORDER_EVENT_KINDS = ['created', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export type OrderEventKind = (typeof ORDER_EVENT_KINDS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

/** Who bought: any of these links the order to a conversation (a link token only through the buyer opening it). */
export const BuyerRefSchema = z
  .object({
    conversationId: z
      .string()
      .regex(/^[a-z]+:[^\s]{1,200}$/, 'a conversation id like telegram:12345')
      .optional(),
    phone: z
      .string()
      .regex(/^\+\d{6,15}$/, 'E.164, like +34600111222')
      .optional(),
    email: z.email().max(254).optional(),
    name: text(120).optional(),
  })
  .strict();
export type BuyerRef = z.infer<typeof BuyerRefSchema>;

export const OrderItemSchema = z
  .object({
    name: text(200),
    quantity: z.number().int().positive().max(100_000),
    /** Days the product lasts in use: a follow-up goes out after this many days from delivery. */
    usageCycleDays: z.number().int().positive().max(3650).optional(),
  })
  .strict();

/**
 * One thing that happened to an order, as the shop (or a store webhook, mapped) reports it.
 * `id` makes it idempotent; `at` orders it: events may arrive in any order.
 */
export const OrderEventSchema = z
  .object({
    id: text(200),
    type: z.enum(ORDER_EVENT_KINDS),
    orderId: text(100),
    /** What the buyer sees as the order number ("#1001"); defaults to `orderId`. */
    orderNumber: text(100).optional(),
    at: z.iso.datetime({ offset: true }),
    buyer: BuyerRefSchema.default({}),
    items: z.array(OrderItemSchema).max(200).optional(),
    total: z
      .string()
      .regex(/^\d+(\.\d{1,4})?$/, 'an amount like 29.35')
      .optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code like EUR')
      .optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, 'a language code like es or zh-CN')
      .optional(),
    shippingAddress: text(500).optional(),
    courier: text(100).optional(),
    trackingNumber: text(100).optional(),
    trackingUrl: z
      .url({ protocol: /^https?$/ })
      .max(1000)
      .optional(),
    source: z.enum(['api', 'shopify', 'woocommerce']).default('api'),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.type === 'shipped' && !e.trackingNumber && !e.trackingUrl)
      ctx.addIssue({
        code: 'custom',
        path: ['trackingNumber'],
        message: 'a shipped event needs a tracking number or URL',
      });
  });
export type OrderEvent = z.infer<typeof OrderEventSchema>;

export type OrderStatus = OrderEventKind;

/** An order as the events so far describe it. */
export interface OrderView {
  orderId: string;
  orderNumber: string;
  status: OrderStatus;
  updatedAt: string;
  items: { name: string; quantity: number; usageCycleDays?: number }[];
  total?: string;
  currency?: string;
  language?: string;
  buyer: BuyerRef;
  shippingAddress?: string;
  courier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  deliveredAt?: string;
  /** Event ids applied, oldest first. */
  events: string[];
}

const rank = (k: OrderEventKind) => ORDER_EVENT_KINDS.indexOf(k);

/** Events in the order they happened: by time, then by the natural order of kinds (a `paid` and a `created` at the same second). */
export function inEventOrder(events: readonly OrderEvent[]): OrderEvent[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || rank(a.type) - rank(b.type) || a.id.localeCompare(b.id));
}

/** Fold an order's events, in event order whatever order they arrived in; undefined when there are none. */
export function toOrderView(events: readonly OrderEvent[]): OrderView | undefined {
  const sorted = inEventOrder(events);
  if (sorted.length === 0) return undefined;
  let view: OrderView | undefined;
  for (const e of sorted) {
    view ??= {
      orderId: e.orderId,
      orderNumber: e.orderNumber ?? e.orderId,
      status: e.type,
      updatedAt: e.at,
      items: [],
      buyer: {},
      events: [],
    };
    // A refund or cancellation is final: a late `shipped` webhook does not reopen the order.
    if (view.status !== 'cancelled' && view.status !== 'refunded') view.status = e.type;
    view.updatedAt = e.at;
    view.events.push(e.id);
    if (e.orderNumber) view.orderNumber = e.orderNumber;
    if (e.items?.length) view.items = e.items;
    if (e.total) view.total = e.total;
    if (e.currency) view.currency = e.currency;
    if (e.language) view.language = e.language;
    if (e.shippingAddress) view.shippingAddress = e.shippingAddress;
    if (e.courier) view.courier = e.courier;
    if (e.trackingNumber) view.trackingNumber = e.trackingNumber;
    if (e.trackingUrl) view.trackingUrl = e.trackingUrl;
    if (e.type === 'delivered') view.deliveredAt = e.at;
    view.buyer = { ...view.buyer, ...e.buyer };
  }
  return view;
}

/** The newest event of the order (in event time): only that one may still message the buyer. */
export function isLatest(event: OrderEvent, events: readonly OrderEvent[]): boolean {
  const sorted = inEventOrder(events);
  return sorted[sorted.length - 1]?.id === event.id;
}

/** Index keys an order is found by: its buyer's conversation, phone and e-mail. */
export function buyerRefKeys(buyer: BuyerRef): string[] {
  return [...(buyer.conversationId ? [`conv:${buyer.conversationId}`] : []), ...(buyer.phone ? [`phone:${buyer.phone}`] : []), ...(buyer.email ? [`email:${buyer.email.toLowerCase()}`] : [])];
}
