import { afterEach, describe, expect, it } from 'vitest';
import { isOrderQuestion } from '../../../flows/orders/index.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import { buyerRefKeys, OrderEventSchema } from '../../../src/orders/events.js';
import { linkToken } from '../../../src/orders/link-token.js';
import { createOrdersLookup } from '../../../src/orders/lookup.js';
import { createMemoryOrdersStore } from '../../../src/store/orders-memory.js';
import type { OrdersStore } from '../../../src/store/orders-types.js';
import { transcript } from '../../helpers/transcript.js';

const shop = loadShopConfig(exampleShopConfigPath());
const chats: ReturnType<typeof transcript>[] = [];
afterEach(async () => {
  for (const c of chats.splice(0)) await c.close();
});

function chatWithOrders(orders: OrdersStore) {
  const chat = transcript({ shop, orders: createOrdersLookup(orders, shop, isOrderQuestion) });
  chats.push(chat);
  return chat;
}

async function shipped(orders: OrdersStore, conversationId: string, orderId: string, trackingNumber: string) {
  const event = OrderEventSchema.parse({ id: `${orderId}-s`, type: 'shipped', orderId, orderNumber: `#${orderId}`, at: '2026-03-01T10:00:00Z', buyer: { conversationId }, courier: 'SF Express', trackingNumber });
  await orders.recordEvent(event, buyerRefKeys(event.buyer));
}

describe('orders flow: "where is my order?"', () => {
  it.each([
    ['zh', '我的快递到哪了？', '订单 #A1：已发货，快递 SF Express，单号 SF100001。'],
    ['es', '¿Dónde está mi pedido?', 'Pedido #A1: en camino con SF Express, número de seguimiento SF100001.'],
    ['en', 'Where is my order?', 'Order #A1: on its way with SF Express, tracking number SF100001.'],
  ])('answers in %s with this buyer\'s own tracking number, never another buyer\'s', async (_lang, question, answer) => {
    const orders = createMemoryOrdersStore();
    const mine = chatWithOrders(orders);
    await shipped(orders, mine.conversationId, 'A1', 'SF100001');
    await shipped(orders, 'web:someone-else', 'B2', 'SF999999');
    expect(await mine.texts(question)).toEqual([answer]);
  });

  it('asks a buyer with no known order for the phone or e-mail used at checkout, then finds the order by it', async () => {
    const orders = createMemoryOrdersStore();
    const chat = chatWithOrders(orders);
    const event = OrderEventSchema.parse({ id: 'c-1', type: 'paid', orderId: 'C3', orderNumber: '#C3', at: '2026-03-01T10:00:00Z', buyer: { phone: '+34600111222' }, items: [{ name: 'Tetera', quantity: 1 }] });
    await orders.recordEvent(event, buyerRefKeys(event.buyer));
    expect(await chat.texts('¿Dónde está mi pedido?')).toEqual(['¡Te lo miro ahora mismo! Envíame el teléfono o el e-mail que usaste al hacer el pedido.']);
    await chat.say('+34 600 111 222');
    await chat.say('Lucía');
    expect(await chat.texts('¿Dónde está mi pedido?')).toEqual(['Pedido #C3 (Tetera): pagado, lo estamos preparando para el envío.']);
  });

  it('attaches an order to the conversation that opens its signed link, and ignores a forged one', async () => {
    const orders = createMemoryOrdersStore();
    const secret = 'link-secret-for-tests-0123456789';
    const chat = transcript({ shop, orders: createOrdersLookup(orders, shop, isOrderQuestion, async () => secret) });
    chats.push(chat);
    await shipped(orders, 'web:checkout-page', 'D4', 'SF444444');
    const forged = linkToken('D4', 'someone-elses-guess');
    expect(await chat.texts(`/start ${forged}`)).not.toContain('Order #D4: on its way with SF Express, tracking number SF444444.');
    expect(await orders.orderIdsFor([`conv:${chat.conversationId}`])).toEqual([]);
    expect(await chat.texts(`/start ${linkToken('D4', secret)}`)).toEqual(['Order #D4: on its way with SF Express, tracking number SF444444.']);
    expect(await chat.texts('where is my order?')).toEqual(['Order #D4: on its way with SF Express, tracking number SF444444.']);
  });

  it('opens a link whose signature ends in "-" or "_" (base64url), as one in 32 secrets make', async () => {
    // The shop's secret is random per shop: find ones whose token for this order ends in each character.
    for (const last of ['-', '_']) {
      let n = 0;
      while (!linkToken('D5', `secret-${n}`).endsWith(last)) n++;
      const orders = createMemoryOrdersStore();
      const chat = transcript({ shop, orders: createOrdersLookup(orders, shop, isOrderQuestion, async () => `secret-${n}`) });
      chats.push(chat);
      await shipped(orders, 'web:checkout-page', 'D5', 'SF555555');
      expect(await chat.texts(`/start ${linkToken('D5', `secret-${n}`)}`), last).toEqual(['Order #D5: on its way with SF Express, tracking number SF555555.']);
    }
  });

  it('brings up an open promise when the buyer comes back after a while (mentionPromises on), then answers as usual', async () => {
    const orders = createMemoryOrdersStore();
    const withMentions = { ...shop, orders: { ...shop.orders!, mentionPromises: true } };
    const chat = transcript({ shop: withMentions, orders: createOrdersLookup(orders, withMentions, isOrderQuestion), now: new Date('2026-03-01T10:00:00Z') });
    chats.push(chat);
    await chat.say('hi');
    await orders.addPromise({ id: 'p1', conversationId: chat.conversationId, text: 'the missing strap goes with your next order', by: 'Mei', createdAt: '2026-03-01T11:00:00.000Z', status: 'open' });
    chat.setNow(new Date('2026-03-01T10:30:00Z'));
    expect(await chat.texts('thanks')).not.toContain("Welcome back! We haven't forgotten what we promised you: the missing strap goes with your next order.");
    chat.setNow(new Date('2026-03-03T10:00:00Z'));
    const back = await chat.texts('Do you offer cash on delivery?');
    expect(back[0]).toBe("Welcome back! We haven't forgotten what we promised you: the missing strap goes with your next order.");
    expect(back[1]).toMatch(/cash on delivery/i); // the question is still answered
  });
});
