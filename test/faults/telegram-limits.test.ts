import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShopConfig } from '../helpers/shop-config.js';
import type { Gateway } from '../../src/main.js';
import { textUpdate, type FakeTelegram } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';

const OWNER = 'fault-owner-token-0123456789';
let rig: TelegramRig;
let telegram: FakeTelegram;
let gateway: Gateway;
beforeAll(async () => {
  const shop = writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }] });
  rig = await startTelegramRig({ env: { SHOP_CONFIG: shop } });
  ({ telegram, gateway } = rig);
});
afterAll(async () => {
  await rig?.close();
});

describe('Telegram refuses', () => {
  it('honours retry_after for the limited chat only, while other chats go on', async () => {
    telegram.fail(6001, { kind: 'retry_after', seconds: 2, times: 1 });
    await postUpdate(gateway.url, textUpdate(6001, 'hello'), TELEGRAM_SECRET);
    await eventually(() => telegram.sent(6001).length === 1, 5000, 'the refused attempt');
    const refusedAt = telegram.sent(6001)[0]!.at;
    await postUpdate(gateway.url, textUpdate(6002, 'hello'), TELEGRAM_SECRET);
    await eventually(() => telegram.sent(6002).length === 1, 5000, 'the other chat answered');
    expect(telegram.sent(6001)).toHaveLength(1); // still waiting while the other chat went on
    await eventually(() => telegram.sent(6001).length === 2, 10_000, 'the limited chat answered after the wait');
    expect(telegram.sent(6001)[1]!.at - refusedAt).toBeGreaterThanOrEqual(2000);
  });

  it('stops delivering to a buyer who blocked the bot, without retrying', async () => {
    telegram.fail(6003, { kind: 'blocked' });
    await postUpdate(gateway.url, textUpdate(6003, 'hello'), TELEGRAM_SECRET);
    await eventually(() => telegram.sent(6003).length === 1, 5000, 'the refused attempt');
    // An agent's message afterwards is not sent: the buyer is unreachable until they write again.
    const call = (path: string, body?: unknown) =>
      fetch(`${gateway.url}/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${OWNER}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect((await call('/conversations/telegram:6003/claim')).status).toBe(200);
    expect((await call('/conversations/telegram:6003/messages', { text: 'are you there?' })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1000));
    expect(telegram.sent(6003)).toHaveLength(1);
  });
});
