import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { TelegramCall } from '../helpers/fakes/telegram.js';
import { textUpdate } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';

const example = loadShopConfig(exampleShopConfigPath());
const GROUP = -1001234567890; // the agents' group
const LI = 5002;
const BUYER = 8888; // a Telegram buyer
const COLLEAGUE = 6006; // in the group, but no agent account

let rig: TelegramRig;
beforeAll(async () => {
  const config = writeShopConfig({
    agents: [{ name: 'Li', role: 'agent', token: 'li-agent-token-0123456789abc', telegram: String(LI) }],
    edit: (yaml) => `${yaml}\nagentsPlace:\n  telegram: "${GROUP}"\n`,
  });
  rig = await startTelegramRig({ env: { SHOP_CONFIG: config } });
});
afterAll(async () => {
  await rig?.close();
});

let updateId = 800_000;
const post = (update: unknown) => postUpdate(rig.gateway.url, update, TELEGRAM_SECRET);
const from = (id: number) => ({ id, is_bot: false, first_name: id === LI ? 'Li' : 'Someone', language_code: 'en' });
const group = { id: GROUP, type: 'supergroup', title: 'Shop agents' };
/** A message in the agents' group, optionally a reply to the bot's message `to`. */
const inGroup = (userId: number, text: string, to?: TelegramCall) => ({
  update_id: ++updateId,
  message: { message_id: updateId, date: 0, from: from(userId), chat: group, text, ...(to ? { reply_to_message: { message_id: to.messageId, date: 0, chat: group } } : {}) },
});
const pressInGroup = (userId: number, message: TelegramCall, data: string) => ({
  update_id: ++updateId,
  callback_query: { id: `cb${updateId}`, from: from(userId), chat_instance: '1', data, message: { message_id: message.messageId, date: 0, chat: group, reply_markup: message.params.reply_markup } },
});
const groupTexts = () => rig.telegram.texts(GROUP);

describe('agents on the go in a shared Telegram group', () => {
  it('announces a Telegram buyer in the group only, claims and answers there by reply, and hands back', async () => {
    // The buyer asks for a person with the bot's button.
    await post({ update_id: ++updateId, callback_query: { id: `cb${updateId}`, from: from(BUYER), chat_instance: '2', data: 'human', message: { message_id: 1, date: 0, chat: { id: BUYER, type: 'private' } } } });
    const brief = await eventually(() => rig.telegram.sent(GROUP).find((c) => JSON.stringify(c.params.reply_markup ?? '').includes('agents:claim:')), 5000, 'brief in the group');
    expect(String(brief.params.text)).toMatch(/waiting: .* on telegram/);
    // The group has no topics: Telegram refused a topic, so the brief went to the group itself.
    expect(rig.telegram.callsTo('createForumTopic')).toHaveLength(1);
    expect(brief.params.message_thread_id).toBeUndefined();
    expect(rig.telegram.sent(LI)).toHaveLength(0); // the shared place replaces private announcements
    const data = (brief.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    const n = Number(data.split(':').at(-1));

    // Someone without an agent account in the group: not a buyer, the bot says nothing to the group.
    expect((await post(inGroup(COLLEAGUE, 'who takes this one?'))).status).toBe(200);
    expect((await post(pressInGroup(COLLEAGUE, brief, data))).status).toBe(200);

    expect((await post(pressInGroup(LI, brief, data))).status).toBe(200);
    await eventually(() => groupTexts().some((t) => t.startsWith(`You have #${n} now`)), 5000, 'claimed in the group');
    await eventually(() => rig.telegram.calls.some((c) => c.method === 'editMessageText' && String(c.params.text).endsWith(`#${n} taken by Li.`)), 5000, 'brief edited');

    // Chat among agents in the group does not reach the buyer; a reply to the brief does.
    await post(inGroup(LI, 'I have it, thanks'));
    await post(inGroup(LI, 'Hello, Li here. How can I help?', brief));
    await eventually(() => rig.telegram.texts(BUYER).includes('Hello, Li here. How can I help?'), 5000, 'answer reached the buyer');
    expect(rig.telegram.texts(BUYER)).not.toContain('I have it, thanks');

    // The buyer's next message goes to Li's own chat, prefixed.
    await post(textUpdate(BUYER, 'where is my parcel?', { updateId: ++updateId }));
    await eventually(() => rig.telegram.texts(LI).includes(`#${n} telegram: where is my parcel?`), 5000, 'relayed to the holder');

    await post(inGroup(LI, `/release ${n}`));
    await eventually(() => rig.telegram.texts(BUYER).includes(example.handoff.texts.released.en!), 5000, 'released');
    // Nothing the colleague wrote was answered, and no buyer conversation was made of the group.
    expect(groupTexts().filter((t) => !t.startsWith('#') && !t.startsWith('You have'))).toEqual([]);
    expect((await fetch(`${rig.gateway.url}/api/conversations/telegram:${GROUP}`, { headers: { authorization: 'Bearer li-agent-token-0123456789abc' } })).status).toBe(404);
  });

  it('remembers that the group has no topics: the next waiting buyer is announced there without asking for one', async () => {
    const other = BUYER + 1;
    const before = rig.telegram.sent(GROUP).length;
    await post({ update_id: ++updateId, callback_query: { id: `cb${updateId}`, from: from(other), chat_instance: '3', data: 'human', message: { message_id: 1, date: 0, chat: { id: other, type: 'private' } } } });
    await eventually(() => rig.telegram.sent(GROUP).slice(before).some((c) => JSON.stringify(c.params.reply_markup ?? '').includes('agents:claim:')), 5000, 'second brief in the group');
    expect(rig.telegram.callsTo('createForumTopic')).toHaveLength(1);
  });
});
