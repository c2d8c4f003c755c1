import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/gateway.js';
import { webBuyer } from '../helpers/web-buyer.js';
import { pageProblems, signIn, startConsoleRig, type ConsoleRig } from '../helpers/console-rig.js';

const MEI = 'mei-owner-token-0123456789';
const PABLO = 'pablo-agent-token-0123456789';

let rig: ConsoleRig;
beforeAll(async () => {
  rig = await startConsoleRig({ agents: [{ name: 'Mei', role: 'owner', token: MEI }, { name: 'Pablo', role: 'agent', token: PABLO }] });
});
afterAll(async () => {
  await rig?.close();
});

describe('agent console: the buyer\'s orders and promises', () => {
  it('shows the buyer\'s order with its tracking and follow-up beside the transcript, records a promise and marks it kept', async () => {
    const context = await rig.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = pageProblems(page);
    const visitor = await webBuyer(rig.gateway, { language: 'en-US' });
    try {
      visitor.say('hello');
      await eventually(() => visitor.messages().length === 1, 5000, 'greeting');

      await signIn(page, { url: rig.gateway.url, token: PABLO });
      await expect.poll(() => page.locator('#live').getAttribute('data-state')).toBe('live');
      const row = page.locator(`#list-bot li[data-id="${visitor.id}"]`);
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
      await row.getByRole('link').click();

      // No order yet: the panel says so, and promises can be recorded all the same.
      await expect.poll(() => page.locator('#orders-empty').isVisible()).toBe(true);
      expect(await page.locator('#orders-empty').textContent()).toBe('No orders found for this buyer.');
      expect(await page.locator('#promises-empty').isVisible()).toBe(true);

      // The shop reports the order: paid, shipped, delivered (a follow-up is scheduled after delivery).
      const name = '<img src=x onerror="window.__xss=1">';
      const order = { orderId: 'A1001', orderNumber: '#1001', buyer: { conversationId: visitor.id } };
      const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
      const paid = { ...order, id: 'e1', type: 'paid', at: day(2), items: [{ name, quantity: 2 }], total: '29.35', currency: 'EUR', shippingAddress: 'Calle Mayor 1, Madrid' };
      const shipped = { ...order, id: 'e2', type: 'shipped', at: day(1), courier: 'SF Express', trackingNumber: 'SF1234567890', trackingUrl: 'https://track.example/SF1234567890' };
      const delivered = { ...order, id: 'e3', type: 'delivered', at: day(0) };
      for (const event of [paid, shipped, delivered]) expect((await rig.api(MEI, 'POST', '/orders/events', event)).status).toBe(201);
      await eventually(() => visitor.messages().some((m) => /SF1234567890/.test(m.text ?? '')), 5000, 'tracking message');

      await page.reload(); // the token is kept in the tab; the conversation opens again from the address
      const card = page.locator('#orders-list .order[data-order="A1001"]');
      await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
      expect(await card.locator('.order-number').textContent()).toBe('#1001');
      expect(await card.locator('.order-status').textContent()).toBe('delivered');
      expect(await card.locator('.order-items').textContent()).toBe(`2 × ${name} · 29.35 EUR`); // shown as text, never as HTML
      expect(await card.locator('.order-tracking').textContent()).toBe('SF Express · SF1234567890 · track');
      expect(await card.getByRole('link', { name: 'track' }).getAttribute('href')).toBe('https://track.example/SF1234567890');
      const history = await card.locator('.order-history li').allTextContents();
      expect(history[0]).toMatch(/^Follow-up due /);
      expect(history).toContainEqual(expect.stringMatching(/^Tracking message sent /));
      expect(await page.locator('#orders-empty').isVisible()).toBe(false);
      expect(await page.locator('img').count()).toBe(0);

      // A promise is recorded on the buyer, shown open, and marked kept.
      await page.getByLabel('Promise to this buyer').fill('Send the missing strap with the next order');
      await page.getByRole('button', { name: 'Record promise' }).click();
      const promise = page.locator('#promises-list .promise');
      await expect.poll(() => promise.locator('.promise-text').allTextContents()).toEqual(['Send the missing strap with the next order']);
      expect(await promise.getAttribute('data-status')).toBe('open');
      expect(await page.locator('#promises-count').textContent()).toBe('1');
      expect(await page.getByLabel('Promise to this buyer').inputValue()).toBe('');

      await promise.getByRole('button', { name: 'Kept' }).click();
      await expect.poll(() => promise.getAttribute('data-status')).toBe('kept');
      expect(await promise.locator('.promise-meta').textContent()).toMatch(/^by Pablo, .* · kept by Pablo$/);
      expect(await page.locator('#promises-count').textContent()).toBe('0');
      const stored = await rig.api(MEI, 'GET', `/orders?conversation=${encodeURIComponent(visitor.id)}`);
      expect(stored.body.promises).toMatchObject([{ text: 'Send the missing strap with the next order', by: 'Pablo', status: 'kept', closedBy: 'Pablo' }]);
      expect(problems).toEqual([]);
    } finally {
      visitor.ws.close();
      await context.close();
    }
  });
});
