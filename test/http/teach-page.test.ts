import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import type { GatewayProcess } from '../helpers/gateway-process.js';
import { eventually } from '../helpers/gateway.js';
import { webBuyer } from '../helpers/web-buyer.js';
import { signIn, startConsoleProcessesRig, type ConsoleProcessesRig } from '../helpers/console-rig.js';

// The owner's teaching loop end to end: real Chromium, two real gateway processes on one Redis.
const OWNER = 'owner-token-teach-0123456789';
const AGENT = 'agent-token-teach-0123456789';
const QUESTION = 'can i order a tea tasting box for my office';
const shippingAnswer = () => 'Orders paid before 16:00 ship the same day';

let rig: ConsoleProcessesRig;
let one: GatewayProcess;
let two: GatewayProcess;
beforeAll(async () => {
  rig = await startConsoleProcessesRig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }, { name: 'Pablo', role: 'agent', token: AGENT }], processes: 2 });
  [one, two] = rig.gateways as [GatewayProcess, GatewayProcess];
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const asGateway = (p: GatewayProcess) => ({ url: p.url }) as Gateway;

describe('teach page', () => {
  it('turns a buyer\'s unanswered question into an answered one on the other instance, for owners only', async () => {
    const buyer = await webBuyer(asGateway(one), { language: 'en' });
    buyer.say(QUESTION);
    await eventually(() => buyer.replies().length > 0, 15_000, 'the fallback reply');
    expect(buyer.replies()[0]).toMatch(/don't have an answer/);

    // An agent is refused.
    const agentPage = await rig.browser.newPage();
    await signIn(agentPage, { url: two.url, token: AGENT, on: 'teach' });
    await expect.poll(() => agentPage.locator('#sign-in-error').textContent()).toMatch(/Only an owner/);
    expect(await agentPage.locator('#app').isVisible()).toBe(false);
    const refused = await fetch(`${two.url}/api/knowledge/teach`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AGENT}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: QUESTION, lang: 'en', topic: 'shipping' }),
    });
    expect(refused.status).toBe(403);
    await agentPage.close();

    // The owner, on the other instance, sees it under Unanswered and teaches it to a topic.
    const page = await rig.browser.newPage();
    await signIn(page, { url: two.url, token: OWNER, on: 'teach' });
    const item = page.locator('#unanswered li', { hasText: QUESTION });
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    expect(await item.locator('.muted').textContent()).toMatch(/^1× · en · last /);
    expect(await item.getByRole('link', { name: 'open the conversation' }).getAttribute('href')).toBe(`../#/c/${encodeURIComponent(buyer.id)}`);

    await page.getByLabel('Message to try').fill(QUESTION);
    await page.getByRole('button', { name: 'Try' }).click();
    await expect.poll(() => page.locator('#try-result').textContent()).toMatch(/^none/);

    await item.getByLabel(`Teach "${QUESTION}" as`).selectOption('shipping');
    await item.getByRole('button', { name: 'Teach' }).click();
    // The save answers once this instance's model has learnt the question (seconds: it trains in a worker).
    await expect.poll(() => page.locator('#notice').textContent(), { timeout: 30_000 }).toMatch(/Taught .* to shipping/);
    await expect.poll(() => page.locator('#unanswered li', { hasText: QUESTION }).count()).toBe(0);
    await page.getByRole('button', { name: 'Try' }).click();
    await expect.poll(() => page.locator('#try-result').textContent()).toMatch(/^shipping/);

    // A new buyer on the first instance gets the topic's answer, without a restart.
    const next = await webBuyer(asGateway(one), { language: 'en' });
    await eventually(
      async () => {
        next.say(QUESTION);
        const got = await eventually(() => (next.replies().length > 0 ? next.replies().at(-1) : undefined), 10_000, 'a reply');
        return got!.startsWith(shippingAnswer()) || undefined;
      },
      15_000,
      'the taught answer on the other instance',
    );

    // A malformed edit (the default language's answer emptied) is refused with the field named; nothing changes.
    await page.getByLabel('Topic', { exact: true }).selectOption('returns');
    const knowledge = async () => (await (await fetch(`${one.url}/api/knowledge`, { headers: { authorization: `Bearer ${OWNER}` } })).json()) as { version: number };
    // Once this instance has picked up the teaching (it polls the shared knowledge base), so the comparison sees only the refused edit.
    const before = await eventually(async () => ((await knowledge()).version >= 1 ? knowledge() : undefined), 15_000, 'the teaching on the first instance');
    await page.getByLabel('Answer (en)').fill('');
    await page.getByRole('button', { name: 'Save topic' }).click();
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/answer/);
    expect(await knowledge()).toEqual(before);
    expect(await page.locator('#audit li').first().textContent()).toMatch(/Mei · teach shipping/);

    // The fixed replies too: a new greeting reaches buyers on the other instance.
    await page.getByLabel('greeting (en)').fill('Hello from Lotus Tea House! Ask me anything.');
    await page.getByRole('button', { name: 'Save replies' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/Saved the fixed replies/);
    const greeted = await webBuyer(asGateway(one), { language: 'en' });
    await eventually(
      async () => {
        greeted.say('hi');
        const got = await eventually(() => greeted.replies().at(-1), 10_000, 'a reply');
        return got === 'Hello from Lotus Tea House! Ask me anything.' || undefined;
      },
      15_000,
      'the new greeting on the other instance',
    );
    greeted.ws.close();
    buyer.ws.close();
    next.ws.close();
    await page.close();
  }, 90_000);
});
