import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/paths.js';
import type { InsightsReport } from '../../src/insights/report.js';
import { eventually } from '../helpers/gateway.js';
import { webBuyer } from '../helpers/web-buyer.js';
import { signIn, startConsoleRig, type ConsoleRig } from '../helpers/console-rig.js';

const OWNER = 'owner-token-insights-page-0123456789';
const ARTIFACTS = join(packageRoot(), 'test', 'artifacts');

let rig: ConsoleRig;
beforeAll(async () => {
  rig = await startConsoleRig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }] });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

describe('insights page', () => {
  it('draws the charts and the table with the numbers from the API, on a phone-sized screen, under the strict CSP', async () => {
    const buyers = await Promise.all([webBuyer(rig.gateway, { language: 'en' }), webBuyer(rig.gateway, { language: 'zh' })]);
    buyers[0]!.say('do you offer cash on delivery?');
    buyers[1]!.say('人工');
    await eventually(() => buyers.every((b) => b.replies().length > 0), 15_000, 'replies');
    const api = await eventually(async () => {
      const r = (await (await fetch(`${rig.gateway.url}/api/insights`, { headers: { authorization: `Bearer ${OWNER}` } })).json()) as InsightsReport;
      return r.totals.conversations === 2 && r.totals.handedOff === 1 ? r : undefined;
    }, 10_000, 'the insights');

    const page = await rig.browser.newPage({ viewport: { width: 390, height: 844 } });
    const violations: string[] = [];
    page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
    await signIn(page, { url: rig.gateway.url, token: OWNER, on: 'insights' });
    await page.locator('body[data-loaded="7d"]').waitFor();
    expect(await page.locator('.uplot canvas').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#tile-containment').textContent()).toBe(`${Math.round(api.totals.containment! * 100)}%`);
    const total = await page.locator('#numbers tfoot tr').first().locator('td').allTextContents();
    expect(total.slice(0, 4)).toEqual([String(api.totals.conversations), String(api.totals.messages), '50%', String(api.totals.handedOff)]);
    expect(await page.locator('#numbers tbody tr').count()).toBe(7);
    expect(await page.locator('#top-faq').textContent()).toContain('cod: 1');
    // Readable on a phone: nothing wider than the screen but the table's own scroller.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'insights-phone.png'), fullPage: true });

    await page.getByRole('button', { name: 'Today' }).click();
    await page.locator('body[data-loaded="today"]').waitFor();
    expect(await page.locator('#numbers tbody tr').count()).toBe(24);
    expect(violations.filter((v) => /Content Security Policy|Refused/.test(v))).toEqual([]);
    for (const b of buyers) b.ws.close();
  }, 60_000);
});
