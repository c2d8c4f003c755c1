import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/main.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { writeShopConfig } from '../../helpers/shop-config.js';
import { signLine, startLineFake, textEvent, type LineFake } from './line-fake.js';
import { launchChromium } from '../../helpers/chromium.js';

const SECRET = 'line-channel-secret-0123456789ab';
const TOKEN = 'line-channel-access-token-000000';
const AGENT = 'pablo-agent-token-0123456789';
const BUYER = 'Uconsole0000000000000000000000001';

let redis: TestRedis;
let gateway: Gateway;
let api: LineFake;
beforeAll(async () => {
  redis = await startRedisServer();
  api = await startLineFake();
  const shop = writeShopConfig({ agents: [{ name: 'Pablo', role: 'agent', token: AGENT }] });
  gateway = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: shop, LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_ROOT: api.url });
});
afterAll(async () => {
  await gateway?.close();
  await api?.close();
  await redis?.stop();
});

describe('a LINE conversation in the agent console', () => {
  it('is listed as LINE, opens with its transcript, and can be claimed', async () => {
    const body = JSON.stringify(textEvent(BUYER, '01FZCONSOLE000000000000001', 'tok-console-1', 'hello'));
    const res = await fetch(`${gateway.url}/webhooks/line`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signLine(body, SECRET) }, body });
    expect(res.status).toBe(200);
    await eventually(() => api.calls.some((c) => c.body.replyToken === 'tok-console-1'), 10_000, 'the greeting');

    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
      await page.goto(`${gateway.url}/console`);
      await page.getByLabel('Agent token').fill(AGENT);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const listed = page.locator(`#list-bot li[data-id="line:${BUYER}"]`);
      await expect.poll(() => listed.locator('.channel').textContent(), { timeout: 10_000 }).toBe('LINE');
      await listed.getByRole('link').click();
      await expect.poll(() => page.locator('#transcript .from-buyer .line-text').allTextContents()).toEqual(['hello']);
      expect(await page.locator('#details').textContent()).toMatch(/Channel\s*LINE/);
      await page.getByRole('button', { name: 'Take over' }).click();
      await expect.poll(() => page.locator('#conversation-state').textContent()).toMatch(/with you/);
    } finally {
      await browser.close();
    }
  });
});
