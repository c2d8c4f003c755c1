import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { Gateway } from '../../../src/main.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { freePort, startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { writeShopConfig } from '../../helpers/shop-config.js';
import { launchChromium } from '../../helpers/chromium.js';

const greeting = loadShopConfig(exampleShopConfigPath()).replies.greeting;


async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel('Your message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

let browser: Browser;
let redis: TestRedis;
beforeAll(async () => {
  browser = await launchChromium();
  redis = await startRedisServer();
});
afterAll(async () => {
  await browser?.close();
  await redis?.stop();
});

describe('web chat page in Chromium', () => {
  it('answers "hello" with no Redis at all (the in-process default)', async () => {
    const gateway = await startTestGateway({});
    const page = await browser.newPage({ locale: 'en-US' });
    try {
      await page.goto(gateway.url + '/');
      await expect.poll(() => page.locator('#status').textContent()).toBe('online');
      await say(page, 'hello');
      await expect.poll(() => page.locator('.message.bot').allTextContents()).toEqual([greeting.en]);
      await expect.poll(() => page.locator('.message.buyer:not(.pending)').allTextContents()).toEqual(['hello']);
    } finally {
      await page.close();
      await gateway.close();
    }
  });

  it('keeps the conversation across a reload, a dropped socket and a gateway restart (Redis)', async () => {
    const port = String(await freePort());
    let gateway: Gateway = await startTestGateway({ REDIS_URL: redis.url, PORT: port });
    const page = await browser.newPage({ locale: 'es-ES' });
    try {
      await page.goto(gateway.url + '/');
      await say(page, 'hola');
      await expect.poll(() => page.locator('.message.bot').allTextContents()).toEqual([greeting.es]);

      await page.reload();
      await expect.poll(() => page.locator('.message').allTextContents()).toEqual(['hola', greeting.es]);

      // The gateway goes away: the page notices, reconnects to the new process, and nothing is lost.
      await gateway.close();
      await expect.poll(() => page.locator('#status').getAttribute('data-state')).not.toBe('online');
      await say(page, 'buenas');
      gateway = await startTestGateway({ REDIS_URL: redis.url, PORT: port });
      await expect.poll(() => page.locator('.message.bot').allTextContents(), { timeout: 20_000 }).toEqual([greeting.es, greeting.es]);
      await expect.poll(() => page.locator('.message').allTextContents()).toEqual(['hola', greeting.es, 'buenas', greeting.es]);
    } finally {
      await page.close();
      await gateway.close();
    }
  });

  it('shows what a buyer types as text, never as HTML', async () => {
    const gateway = await startTestGateway({});
    const page = await browser.newPage();
    try {
      await page.goto(gateway.url + '/');
      const payload = '<img src=x onerror="window.__xss=1">';
      await say(page, payload);
      await expect.poll(() => page.locator('.message.buyer').first().textContent()).toBe(payload);
      expect(await page.locator('.messages img').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    } finally {
      await page.close();
      await gateway.close();
    }
  });

  it("opens the shop's order link (?order=<token>) into that order's tracking, once, without showing the token", async () => {
    const owner = 'owner-token-0123456789abcdef';
    const gateway = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: owner }] }) });
    const api = (path: string, body: unknown) =>
      fetch(gateway.url + path, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const page = await browser.newPage({ locale: 'en-US' });
    try {
      // The order was placed on the shop's site, by a buyer the chat has never seen.
      const shipped = { id: 'w-ship', type: 'shipped', orderId: 'W-9', orderNumber: '#W9', at: '2026-03-02T10:00:00Z', buyer: { email: 'ana@example.com' }, courier: 'SF Express', trackingNumber: 'SF900900' };
      expect((await api('/api/orders/events', shipped)).status).toBe(201);
      const { webChatQuery } = (await (await api('/api/orders/link-token', { orderId: 'W-9' })).json()) as { webChatQuery: string };
      const tracking = 'Order #W9: on its way with SF Express, tracking number SF900900.';

      await page.goto(gateway.url + '/' + webChatQuery);
      await expect.poll(() => page.locator('.message.bot').allTextContents(), { timeout: 10_000 }).toEqual([tracking]);
      await page.reload(); // the link is used once: no second answer, and the token never shows
      await expect.poll(() => page.locator('.message').allTextContents()).toEqual([tracking]);
      await say(page, 'where is my order?');
      await expect.poll(() => page.locator('.message.bot').allTextContents()).toEqual([tracking, tracking]);
    } finally {
      await page.close();
      await gateway.close();
    }
  });

  it("ignores a forged order link: no order is shown", async () => {
    const gateway = await startTestGateway({ REDIS_URL: redis.url });
    const page = await browser.newPage({ locale: 'en-US' });
    try {
      await page.goto(gateway.url + '/?order=o_Vy05_AAAAAAAAAAAAAAAA');
      await expect.poll(() => page.locator('#status').textContent()).toBe('online');
      await say(page, 'where is my order?');
      await expect.poll(() => page.locator('.message.bot').count()).toBeGreaterThan(0);
      expect((await page.locator('.message.bot').allTextContents()).join(' ')).not.toMatch(/W9|SF900900/);
      expect(await page.locator('.message').allTextContents()).not.toContain('/start o_Vy05_AAAAAAAAAAAAAAAA');
    } finally {
      await page.close();
      await gateway.close();
    }
  });
});
