import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import { webBuyer } from '../helpers/web-buyer.js';
import type { Gateway } from '../../src/main.js';
import { eventually, startTestGateway } from '../helpers/gateway.js';
import { freePort } from '../helpers/redis-server.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { testStoreOptions } from '../helpers/transcript.js';
import { pageProblems, signIn, startConsoleRig, type ConsoleRig } from '../helpers/console-rig.js';

const MEI = 'mei-owner-token-0123456789';
const PABLO = 'pablo-agent-token-0123456789';
const LI = 'li-agent-token-0123456789abc';
const example = loadShopConfig(exampleShopConfigPath());

const buyer = (gateway: Gateway) => webBuyer(gateway, { language: 'en-US' });

/** A buyer who has asked for a person and been told their place in line. */
async function waitingBuyer(gateway: Gateway) {
  const visitor = await buyer(gateway);
  visitor.say('hello');
  await eventually(() => visitor.messages().length === 1, 5000, 'greeting');
  visitor.press('human', example.handoff.texts.humanButton.en!);
  await eventually(() => visitor.messages().some((m) => /in line/.test(m.text ?? '')), 5000, 'queued reply');
  return visitor;
}

/** Signed in on the console, listening to the live stream. */
async function signInLive(page: Page, token: string): Promise<void> {
  await signIn(page, { url: rig.gateway.url, token });
  await expect.poll(() => page.locator('#app').isVisible()).toBe(true);
  // Listening to the live stream before anything happens, so what follows proves live updates.
  await expect.poll(() => page.locator('#live').getAttribute('data-state')).toBe('live');
}

const row = (page: Page, list: string, id: string) => page.locator(`#list-${list} li[data-id="${id}"]`);
const transcriptTexts = (page: Page, from: 'buyer' | 'bot' | 'agent') => page.locator(`#transcript .from-${from} .line-text`).allTextContents();

let rig: ConsoleRig;
beforeAll(async () => {
  rig = await startConsoleRig({ agents: [{ name: 'Mei', role: 'owner', token: MEI }, { name: 'Pablo', role: 'agent', token: PABLO }, { name: 'Li', role: 'agent', token: LI }] });
});
afterAll(async () => {
  await rig?.close();
});

describe('agent console: signing in', () => {
  it('refuses a wrong token, signs in with a right one kept out of the URL, and signs out', async () => {
    const context = await rig.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      await signIn(page, { url: rig.gateway.url, token: 'not-a-real-token-0000' });
      await expect.poll(() => page.locator('#sign-in-error').textContent()).toMatch(/not accepted/);
      expect(await page.locator('#app').isVisible()).toBe(false);

      await page.getByLabel('Agent token').fill(PABLO);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.locator('#live').getAttribute('data-state')).toBe('live');
      expect(page.url()).not.toContain(PABLO);
      expect(await page.locator('#owner-status').isVisible()).toBe(false); // an agent, not an owner
      await expect.poll(() => page.locator('#shop-status-pill').textContent()).toBe('Shop online');

      // A reload keeps the agent signed in (sessionStorage); signing out forgets the token.
      await page.reload();
      await expect.poll(() => page.locator('#live').getAttribute('data-state')).toBe('live');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => page.getByLabel('Agent token').isVisible()).toBe(true);
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('agent console: answering a buyer', () => {
  it('shows a waiting buyer live, claims, replies, sees the buyer live, offers canned answers and hands back', async () => {
    const context = await rig.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = pageProblems(page);
    const visitor = await buyer(rig.gateway);
    try {
      await signInLive(page, PABLO);
      visitor.say('hello');
      await eventually(() => visitor.messages().length === 1, 5000, 'greeting');
      // A buyer who leaves a WeChat id instead of a phone: the agent sees it with the contact details.
      visitor.say('add me on wechat: lin_tea88');
      await eventually(() => visitor.messages().length === 2, 5000, 'contact noted');
      visitor.press('human', example.handoff.texts.humanButton.en!);

      // Appears in the waiting list without a reload, with its waiting time.
      await expect.poll(() => row(page, 'queued', visitor.id).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => row(page, 'queued', visitor.id).locator('.item-meta').textContent()).toMatch(/^waiting/);
      await row(page, 'queued', visitor.id).getByRole('link').click();

      // The whole transcript, styled by who wrote it, and the conversation's channel and language.
      await expect.poll(() => transcriptTexts(page, 'buyer')).toEqual(['hello', 'add me on wechat: lin_tea88', example.handoff.texts.humanButton.en]);
      expect((await transcriptTexts(page, 'bot'))[0]).toBe(example.replies.greeting.en);
      await expect.poll(() => page.locator('#details').textContent()).toMatch(/Web chat.*English/);
      expect(await page.locator('#details').textContent()).toContain('MessengerWeChat: lin_tea88');
      expect(await page.locator('#reply-form').isVisible()).toBe(false); // claim first

      await page.getByRole('button', { name: 'Claim', exact: true }).click();
      await expect.poll(() => row(page, 'mine', visitor.id).count()).toBe(1);
      expect(await row(page, 'queued', visitor.id).count()).toBe(0);
      await expect.poll(() => page.locator('#conversation-state').textContent()).toMatch(/with you/);

      // Enter sends the reply; it reaches the buyer's socket as the agent's message.
      await page.getByLabel('Reply', { exact: true }).fill('Hi, this is Pablo. Let me check <b>that</b>.');
      await page.getByLabel('Reply', { exact: true }).press('Enter');
      const fromAgent = await eventually(() => visitor.messages().find((m) => m.from === 'agent'), 5000, 'agent message');
      expect(fromAgent.text).toBe('Hi, this is Pablo. Let me check <b>that</b>.');
      await expect.poll(() => transcriptTexts(page, 'agent')).toEqual(['Hi, this is Pablo. Let me check <b>that</b>.']);
      expect(await page.getByLabel('Reply', { exact: true }).inputValue()).toBe('');

      // What the buyer writes next shows up live in the open conversation.
      visitor.say('my parcel is late');
      await expect.poll(() => transcriptTexts(page, 'buyer')).toContain('my parcel is late');

      // A canned answer in the conversation's language fills the reply box.
      await page.getByText('Canned answers', { exact: true }).click();
      await page.getByRole('button', { name: /^Shipping/ }).click();
      expect(await page.getByLabel('Reply', { exact: true }).inputValue()).toBe(example.faq.find((t) => t.id === 'shipping')!.answer.en);
      expect(await page.evaluate("document.activeElement?.id")).toBe('reply-text');

      await page.screenshot({ path: '/tmp/console.png' });

      await page.getByLabel('Reply', { exact: true }).fill('');
      await page.getByRole('button', { name: 'Hand back to bot' }).click();
      await eventually(() => visitor.messages().some((m) => m.text === example.handoff.texts.released.en), 5000, 'released text');
      await expect.poll(() => page.locator('#conversation-state').textContent()).toMatch(/with the bot/);
      await expect.poll(() => row(page, 'mine', visitor.id).count()).toBe(0);
      await expect.poll(() => transcriptTexts(page, 'bot')).toContain(example.handoff.texts.released.en);
      expect(problems).toEqual([]);
    } finally {
      visitor.ws.close();
      await context.close();
    }
  });

  it('shows what a buyer writes as text, never as HTML', async () => {
    const context = await rig.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const visitor = await waitingBuyer(rig.gateway);
    try {
      await signInLive(page, PABLO);
      const payload = '<img src=x onerror="window.__xss=1">';
      visitor.say(payload);
      await expect.poll(() => row(page, 'queued', visitor.id).locator('.item-preview').textContent()).toBe(payload);
      await row(page, 'queued', visitor.id).getByRole('link').click();
      await expect.poll(async () => (await transcriptTexts(page, 'buyer')).at(-1)).toBe(payload);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect((await rig.api(MEI, 'POST', `/conversations/${visitor.id}/close`)).status).toBe(200);
    } finally {
      visitor.ws.close();
      await context.close();
    }
  });

  it('tells an agent who claims second that another agent took the conversation', async () => {
    const context = await rig.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const visitor = await waitingBuyer(rig.gateway);
    try {
      await signInLive(page, PABLO);
      await row(page, 'queued', visitor.id).getByRole('link').click();
      await expect.poll(() => page.getByRole('button', { name: 'Claim', exact: true }).isVisible()).toBe(true);
      expect((await rig.api(LI, 'POST', `/conversations/${visitor.id}/claim`)).status).toBe(200);
      await page.getByRole('button', { name: 'Claim', exact: true }).click();
      await expect.poll(() => page.locator('#notice-text').textContent()).toMatch(/another agent has this conversation/);
      await expect.poll(() => row(page, 'queued', visitor.id).count()).toBe(0);
      expect(await page.locator('#reply-form').isVisible()).toBe(false);
      expect((await rig.api(LI, 'POST', `/conversations/${visitor.id}/close`)).status).toBe(200);
    } finally {
      visitor.ws.close();
      await context.close();
    }
  });
});

describe('agent console: replies that did not arrive', () => {
  it('tells the holder, in the notice bar, when the platform would not take their reply', async () => {
    const context = await rig.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const visitor = await waitingBuyer(rig.gateway);
    // Another gateway instance on the same Redis gives up on Pablo's reply (the deliverer publishes this).
    const otherInstance = await createRedisStore(rig.redis.url, testStoreOptions);
    try {
      expect((await rig.api(PABLO, 'POST', `/conversations/${visitor.id}/claim`)).status).toBe(200);
      await signInLive(page, PABLO);
      await row(page, 'mine', visitor.id).getByRole('link').click();
      await expect.poll(() => page.locator('#conversation-state').textContent()).toMatch(/with you/);
      await otherInstance.publish({ type: 'undelivered', conversationId: visitor.id as never, deliveryId: 'a:1', text: 'Your refund is on its way', reason: 'web send failed (410): the platform says this buyer cannot be reached', at: new Date().toISOString() });
      await expect.poll(() => page.locator('#notice-text').textContent(), { timeout: 5000 }).toBe('Not delivered: web send failed (410): the platform says this buyer cannot be reached. “Your refund is on its way”');
      expect(await page.locator('#notice').isVisible()).toBe(true);
      expect((await rig.api(PABLO, 'POST', `/conversations/${visitor.id}/close`)).status).toBe(200);
    } finally {
      await otherInstance.close();
      visitor.ws.close();
      await context.close();
    }
  });
});

describe('agent console: the live stream', () => {
  it('reconnects after the gateway restarts and catches up on a buyer who queued meanwhile', async () => {
    const port = String(await freePort());
    const env = { REDIS_URL: rig.redis.url, SHOP_CONFIG: rig.shopConfig, PORT: port };
    let second = await startTestGateway(env);
    const context = await rig.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    let visitor: Awaited<ReturnType<typeof waitingBuyer>> | undefined;
    try {
      await signIn(page, { url: second.url, token: PABLO });
      await expect.poll(() => page.locator('#live').getAttribute('data-state')).toBe('live');

      await second.close();
      await expect.poll(() => page.locator('#live').getAttribute('data-state')).not.toBe('live');
      visitor = await waitingBuyer(rig.gateway); // queued through the other instance while the page is cut off
      second = await startTestGateway(env);
      await expect.poll(() => page.locator('#live').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
      await expect.poll(() => row(page, 'queued', visitor!.id).count()).toBe(1);
      expect((await rig.api(MEI, 'POST', `/conversations/${visitor.id}/close`)).status).toBe(200);
    } finally {
      visitor?.ws.close();
      await context.close();
      await second.close();
    }
  });
});

describe('agent console: the shop owner', () => {
  it('sets the shop away with a message from the console, and clears it', async () => {
    const context = await rig.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      await signInLive(page, MEI);
      await expect.poll(() => page.locator('#owner-status').isVisible()).toBe(true);
      await page.getByLabel('Away').check();
      await page.getByLabel(/Message to buyers/).fill('Closed for stocktaking, back tomorrow!');
      await page.getByLabel(/Until/).fill('2h');
      await page.getByRole('button', { name: 'Set status' }).click();
      await expect.poll(() => page.locator('#shop-status-pill').textContent()).toBe('Shop away');

      const status = await rig.api(PABLO, 'GET', '/shop/status');
      expect(status.body).toMatchObject({ mode: 'away', source: 'owner', message: 'Closed for stocktaking, back tomorrow!', setByOwner: { mode: 'away', setBy: 'Mei' } });
      expect(new Date(status.body.until as string).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
      await expect.poll(() => page.locator('#status-now').textContent()).toContain('Closed for stocktaking, back tomorrow!');

      // A wrong "until" is explained, not ignored.
      await page.getByLabel(/Until/).fill('someday');
      await page.getByRole('button', { name: 'Set status' }).click();
      await expect.poll(() => page.locator('#status-error').textContent()).toMatch(/until/);

      await page.getByRole('button', { name: 'Back to business hours' }).click();
      await expect.poll(() => page.locator('#shop-status-pill').textContent()).toBe('Shop online');
      expect((await rig.api(MEI, 'GET', '/shop/status')).body).toMatchObject({ mode: 'online', setByOwner: null });
    } finally {
      await context.close();
    }
  });
});
