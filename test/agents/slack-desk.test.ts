import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { Gateway } from '../../src/main.js';
import { textUpdate, type FakeTelegram } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';
import type { startFakeSlack } from '../helpers/fakes/slack.js';
import { startSlackDeskRig, type SlackDeskRig } from '../helpers/slack-desk-rig.js';

const example = loadShopConfig(exampleShopConfigPath());
const ANA = 'U0AGENT01'; // agent; her DM with the app is D0AGENT01
const MEI = 'U0OWNER01'; // owner
const MEI_TOKEN = 'mei-owner-token-0123456789';
const STRANGER = 'U0BUYER07';
const BUYER = 8888; // on Telegram

let telegram: FakeTelegram;
let slack: Awaited<ReturnType<typeof startFakeSlack>>;
let gateway: Gateway;
let rig: SlackDeskRig;
beforeAll(async () => {
  const config = writeShopConfig({
    agents: [{ name: 'Mei', role: 'owner', token: MEI_TOKEN }, { name: 'Ana', role: 'agent', token: 'ana-agent-token-0123456789ab' }],
    edit: (yaml) => yaml.replace(`{ name: Ana, role: agent,`, `{ name: Ana, slack: ${ANA}, language: es, role: agent,`).replace(`{ name: Mei, role: owner,`, `{ name: Mei, slack: ${MEI}, role: owner,`).replace(/^owners: \{\}$/m, `owners:\n  slack: ["${MEI}"]`),
  });
  rig = await startSlackDeskRig(config);
  ({ telegram, slack, gateway } = rig);
});
afterAll(async () => {
  await rig?.close();
});

const dm = (user: string, text: string, threadTs?: string) => rig.message({ user, channel: `D${user.slice(1)}`, channelType: 'im', text, ...(threadTs ? { threadTs } : {}) });
const pressButton = (user: string, value: string, messageTs: string) => rig.press({ user, channel: `D${user.slice(1)}`, channelName: 'directmessage', value, label: 'Atender', messageTs });
const command = (user: string, text: string) => rig.command(user, text);
const anaDm = 'D0AGENT01';

describe('agents on the go, from Slack', () => {
  it('runs a Telegram buyer\'s handoff from an agent\'s Slack DM, in Spanish, and takes owners\' /shopdesk away', async () => {
    await postUpdate(gateway.url, { update_id: 700_001, callback_query: { id: 'cb1', from: { id: BUYER, is_bot: false, first_name: 'Ana B' }, chat_instance: '2', data: 'human', message: { message_id: 1, date: 0, chat: { id: BUYER, type: 'private' } } } }, TELEGRAM_SECRET);
    const brief = await eventually(() => slack.posts(anaDm).find((c) => JSON.stringify(c.params.blocks ?? '').includes('agents:claim:')), 5000, 'brief in the DM');
    expect(String(brief.params.text)).toMatch(/espera: .* en telegram/);
    const value = JSON.stringify(brief.params.blocks).match(/agents:claim:(\d+)/)![0];
    const num = value.split(':').at(-1);

    expect(await pressButton(ANA, value, brief.ts!)).toBe(200);
    await eventually(() => slack.texts(anaDm).some((t) => t.startsWith(`Ahora atiendes #${num}.`)), 5000, 'claimed');
    await eventually(() => slack.calls.some((c) => c.method === 'chat.update' && String(c.params.text).endsWith(`#${num} taken by Ana.`)), 5000, 'brief edited');

    expect(await dm(ANA, 'Hola, soy Ana')).toBe(200);
    await eventually(() => telegram.texts(BUYER).includes('Hola, soy Ana'), 5000, 'answer on Telegram');

    await postUpdate(gateway.url, textUpdate(BUYER, 'where is my parcel?', { updateId: 700_002 }), TELEGRAM_SECRET);
    const relayed = await eventually(() => slack.posts(anaDm).find((c) => c.params.text === `#${num} telegram: where is my parcel?`), 5000, 'relayed');
    await dm(ANA, 'Lo miro ahora', relayed.ts);
    await eventually(() => telegram.texts(BUYER).includes('Lo miro ahora'), 5000, 'thread reply on Telegram');

    // Not the holder / not an agent.
    await command(ANA, 'dance');
    await eventually(() => slack.texts(anaDm).some((t) => t.startsWith('Comandos:')), 5000, 'help in Spanish');
    await dm(STRANGER, `/claim ${num}`);
    await eventually(() => slack.texts('D0BUYER07').length > 0, 5000, 'stranger answered as a buyer');
    expect(slack.texts('D0BUYER07').some((t) => t.includes('atiendes') || t.startsWith('Agent commands'))).toBe(false);

    expect(await command(ANA, 'release')).toBe(200);
    await eventually(() => telegram.texts(BUYER).includes(example.handoff.texts.released.en!), 5000, 'released');
    await eventually(() => slack.texts(anaDm).includes(`#${num} vuelve al bot.`), 5000, 'agent told');

    // The owner's status command, without Slack's built-in /away in the way.
    expect(await command(MEI, 'away 2h back soon')).toBe(200);
    await eventually(async () => {
      const res = await fetch(`${gateway.url}/api/shop/status`, { headers: { authorization: `Bearer ${MEI_TOKEN}` } });
      return JSON.stringify(await res.json()).includes('"away"');
    }, 5000, 'shop away');
  });
});
