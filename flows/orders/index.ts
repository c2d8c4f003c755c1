import type { ShopConfig } from '../../src/config/schema.js';
import type { Flow } from '../../src/engine/flow.js';
import { readingOf } from '../faq/read.js';

/** The FAQ topic whose questions are "where is my order?" in every language. */
const TRACKING_TOPIC = 'tracking';
/** Orders listed in one answer: the newest. */
const MAX_LISTED = 3;

/** Whether a message asks where the buyer's order is (the tracking FAQ's questions, any language). */
export function isOrderQuestion(msg: { text: string; languageHint?: string }, shop: ShopConfig): boolean {
  return readingOf(msg, shop).intent === TRACKING_TOPIC;
}

const fill = (text: string, values: Record<string, string | undefined>) => text.replace(/\{(\w+)\}/g, (_m, key: string) => values[key] ?? '').replace(/\s+([.,!?。，！])/g, '$1').trim();

/**
 * "Where is my order?" answered with this buyer's own orders (status, courier, tracking number and
 * link) in their language; a buyer with none known is asked for the phone or e-mail used at
 * checkout, which the contact flow keeps. Without orders in the shop config, the FAQ answers.
 */
export const orders: Flow = {
  id: 'orders',
  run(ctx, next) {
    const config = ctx.shop.orders;
    if (!config || !ctx.orders) return next();
    const reminder = config.texts.promiseReminder;
    if (ctx.orders.promises?.length) {
      // A buyer coming back: what we promised them first, then the rest of the flows answer the message.
      if (reminder) for (const p of ctx.orders.promises) ctx.reply({ kind: 'text', text: fill(ctx.t(reminder), { promise: p.text }) });
      return next();
    }
    const found = ctx.orders.orders;
    if (found.length === 0) {
      ctx.session.flow = { id: 'contact', step: 'reach', data: { purpose: 'callback' } };
      ctx.reply({ kind: 'contact_request', text: ctx.t(config.texts.unknownBuyer) });
      return;
    }
    const lines = found.slice(0, MAX_LISTED).map((o) =>
      fill(ctx.t(config.texts.status[o.status]), {
        order: o.orderNumber,
        items: o.items.map((i) => (i.quantity > 1 ? `${i.name} ×${i.quantity}` : i.name)).join(', '),
        courier: o.courier,
        tracking: o.trackingNumber,
        url: o.trackingUrl,
      }),
    );
    ctx.reply({ kind: 'text', text: lines.join('\n') });
  },
};
