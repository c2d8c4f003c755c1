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
const DESK = 'C0AGENTS1'; // the agents' shared channel
const BO = 'U0AGENT02';
const ANA = 'U0AGENT01';
const CHATTER = 'U0CLERK09'; // in the channel, not an agent
const TIMEOUT_MINUTES = 0.15; // 9 s: the reminder comes at half of it

let telegram: FakeTelegram;
let slack: Awaited<ReturnType<typeof startFakeSlack>>;
let gateway: Gateway;
let rig: SlackDeskRig;
beforeAll(async () => {
  const config = writeShopConfig({
    agents: [{ name: 'Bo', role: 'agent', token: 'bo-agent-token-0123456789abc' }, { name: 'Ana', role: 'agent', token: 'ana-agent-token-0123456789ab' }],
    edit: (yaml) =>
      `${yaml
        .replace('{ name: Bo, role: agent,', `{ name: Bo, slack: ${BO}, role: agent,`)
        .replace('{ name: Ana, role: agent,', `{ name: Ana, slack: ${ANA}, language: es, role: agent,`)
        .replace('timeoutMinutes: 10 ', `timeoutMinutes: ${TIMEOUT_MINUTES} `)}\nagentsPlace:\n  slack: "${DESK}"\n`,
  });
  rig = await startSlackDeskRig(config);
  ({ telegram, slack, gateway } = rig);
});
afterAll(async () => {
  await rig?.close();
});

/** A plain message in a thread of the agents' channel (Slack's message.channels event; no mention of the bot). */
const inThread = (user: string, threadTs: string, text: string) => rig.message({ user, channel: DESK, channelType: 'channel', text, threadTs });
const pressClaim = (user: string, value: string, messageTs: string) => rig.press({ user, channel: DESK, channelName: 'shop-desk', value, label: 'Claim', messageTs });
const askForPerson = (buyer: number, updateId: number) =>
  postUpdate(gateway.url, { update_id: updateId, callback_query: { id: `cb${updateId}`, from: { id: buyer, is_bot: false, first_name: 'Kim' }, chat_instance: '2', data: 'human', message: { message_id: 1, date: 0, chat: { id: buyer, type: 'private' } } } }, TELEGRAM_SECRET);
/** Posts in one thread of the agents' channel. */
const thread = (ts: string) => slack.posts(DESK).filter((c) => c.params.thread_ts === ts).map((c) => String(c.params.text));

describe('agents on the go, in a shared Slack channel (one thread per buyer)', () => {
  it('announces in the channel, and claim, answers, relays and failures all stay in the buyer\'s thread', async () => {
    const BUYER = 9101;
    await askForPerson(BUYER, 710_001);
    const announcement = await eventually(() => slack.posts(DESK).find((c) => !c.params.thread_ts && JSON.stringify(c.params.blocks ?? '').includes('agents:claim:')), 5000, 'announced in the channel');
    expect(String(announcement.params.text)).toMatch(/waiting: .* on telegram/);
    const value = JSON.stringify(announcement.params.blocks).match(/agents:claim:(\d+)/)![0];
    const num = value.split(':').at(-1)!;
    const ts = announcement.ts!;

    expect(await pressClaim(BO, value, ts)).toBe(200);
    await eventually(() => thread(ts).some((t) => t.startsWith(`You have #${num} now.`)), 5000, 'claimed, told in the thread');
    await eventually(() => slack.calls.some((c) => c.method === 'chat.update' && c.params.ts === ts && String(c.params.text).endsWith(`#${num} taken by Bo.`)), 5000, 'announcement edited');

    // Bo writes in the thread, no mention needed: it goes to the buyer on Telegram.
    expect(await inThread(BO, ts, 'Hi Kim, Bo here')).toBe(200);
    await eventually(() => telegram.texts(BUYER).includes('Hi Kim, Bo here'), 5000, 'answer on Telegram');

    // The buyer's next message comes back into the same thread, to the holder.
    await postUpdate(gateway.url, textUpdate(BUYER, 'is it still in stock?', { updateId: 710_002 }), TELEGRAM_SECRET);
    await eventually(() => thread(ts).some((t) => t === `#${num} telegram: is it still in stock?`), 5000, 'relayed into the thread');

    // Ana (an agent, not the holder) is refused with the reason; a clerk's chatter reaches nobody.
    await inThread(ANA, ts, 'Yo lo miro');
    await eventually(() => thread(ts).some((t) => t.startsWith(`Rechazado: #${num} no es tuya (Bo)`)), 5000, 'Ana refused in Spanish');
    await inThread(CHATTER, ts, 'who is on lunch today?');
    await new Promise((r) => setTimeout(r, 300));
    expect(telegram.texts(BUYER)).not.toContain('Yo lo miro');
    expect(telegram.texts(BUYER)).not.toContain('who is on lunch today?');

    // The buyer blocks the bot: Bo's next answer is not delivered, and Bo is told so in the thread.
    telegram.fail(BUYER, { kind: 'blocked' });
    await inThread(BO, ts, 'We have 3 left');
    await eventually(() => thread(ts).some((t) => t.startsWith(`Not delivered to #${num}:`) && t.includes('cannot be reached') && t.includes('We have 3 left')), 8000, 'failure reported in the thread');
  });

  it('reminds the channel once, under the announcement, before the buyer is asked for a call-back number', async () => {
    const BUYER = 9202;
    await askForPerson(BUYER, 720_001);
    const announcement = await eventually(() => slack.posts(DESK).filter((c) => !c.params.thread_ts && JSON.stringify(c.params.blocks ?? '').includes('agents:claim:'))[1], 5000, 'announced');
    const ts = announcement.ts!;
    // Looked at the moment the buyer is asked: the reminder is already in the thread.
    const remindersWhenAsked = await eventually(() => (telegram.texts(BUYER).includes(example.handoff.texts.noAgent.en!) ? thread(ts).filter((t) => t.startsWith('Reminder: #')) : undefined), 20_000, 'buyer asked for a call-back number');
    expect(remindersWhenAsked).toHaveLength(1);
    expect(remindersWhenAsked[0]).toMatch(/has waited \d+ min and nobody has taken it/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(thread(ts).filter((t) => t.startsWith('Reminder: #'))).toHaveLength(1); // once
    // A Claim under the reminder works like the announcement's.
    expect(JSON.stringify(slack.posts(DESK).find((c) => String(c.params.text).startsWith('Reminder: #'))!.params.blocks)).toContain('agents:claim:');
  });
});
