import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAgentChat } from '../../adapters/telegram/agent-chat.js';
import { createTopics } from '../../src/agents/topics.js';
import { loadShopConfig } from '../../src/config/load.js';
import type { Gateway } from '../../src/main.js';
import { createRedisAgentDeskStore } from '../../src/store/agent-desk-redis.js';
import { apiError, type TelegramCall } from '../helpers/fakes/telegram.js';
import { textUpdate } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET, TELEGRAM_TOKEN } from '../helpers/telegram-webhook.js';

const GROUP = -1009876543210; // the agents' group, with topics enabled
const LI = 5102;
const PABLO = 5101;
const ANA = 8101; // a Telegram buyer
const BO = 8102; // another one

let rig: TelegramRig;
let configPath: string;
let a: Gateway;
let b: Gateway;
beforeAll(async () => {
  const config = (configPath = writeShopConfig({
    agents: [
      { name: 'Li', role: 'agent', token: 'li-agent-token-0123456789abc', telegram: String(LI) },
      { name: 'Pablo', role: 'agent', token: 'pablo-agent-token-0123456789', telegram: String(PABLO) },
    ],
    edit: (yaml) => `${yaml}\nagentsPlace:\n  telegram: "${GROUP}"\n`,
  }));
  rig = await startTelegramRig({ env: { SHOP_CONFIG: config } });
  rig.telegram.forum(GROUP);
  a = rig.gateway;
  b = await rig.another();
});
afterAll(async () => {
  await rig?.close();
});

let updateId = 700_000;
const post = (gateway: Gateway, update: unknown) => postUpdate(gateway.url, update, TELEGRAM_SECRET);
const person = (id: number) => ({ id, is_bot: false, first_name: id === LI ? 'Li' : id === PABLO ? 'Pablo' : 'Buyer', language_code: 'en' });
const group = { id: GROUP, type: 'supergroup', title: 'Shop agents', is_forum: true };
/** A buyer pressing "talk to a person" in their private chat with the bot. */
const asksForPerson = (buyer: number) => ({ update_id: ++updateId, callback_query: { id: `cb${updateId}`, from: person(buyer), chat_instance: '2', data: 'human', message: { message_id: 1, date: 0, chat: { id: buyer, type: 'private' } } } });
/** Writing in a forum topic, as Telegram sends it: a reply to the topic's opening message unless a reply to something else. */
const inTopic = (userId: number, topic: number, text: string) => ({
  update_id: ++updateId,
  message: { message_id: updateId, message_thread_id: topic, is_topic_message: true, date: 0, from: person(userId), chat: group, text, reply_to_message: { message_id: topic, message_thread_id: topic, is_topic_message: true, date: 0, chat: group, forum_topic_created: { name: 'x', icon_color: 7322096 } } },
});
const pressInTopic = (userId: number, topic: number, message: TelegramCall, data: string) => ({
  update_id: ++updateId,
  callback_query: { id: `cb${updateId}`, from: person(userId), chat_instance: '1', data, message: { message_id: message.messageId, message_thread_id: topic, is_topic_message: true, date: 0, chat: group, reply_markup: message.params.reply_markup } },
});
/** What the bot posted in one topic of the group. */
const inTopicTexts = (topic: number) => rig.telegram.sent(GROUP).filter((c) => Number(c.params.message_thread_id) === topic).map((c) => String(c.params.text));
const briefIn = (topic: number) => rig.telegram.sent(GROUP).filter((c) => Number(c.params.message_thread_id) === topic && JSON.stringify(c.params.reply_markup ?? '').includes('agents:claim:'));
const claimData = (call: TelegramCall) => (call.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;

describe('agents on the go in a Telegram group with forum topics', () => {
  it('gives each waiting buyer one topic, across two instances, and runs the handoff in it: claim, answer, refusal, relay, close, reopen', async () => {
    // Two buyers ask for a person at once, through two instances (both instances hear both events).
    await Promise.all([post(a, asksForPerson(ANA)), post(b, asksForPerson(BO))]);
    await eventually(() => rig.telegram.topics().length === 2 && briefIn(rig.telegram.topics()[0]!.threadId).length + briefIn(rig.telegram.topics()[1]!.threadId).length === 2, 5000, 'two topics, a brief in each');
    const topics = rig.telegram.topics();
    expect(topics.every((t) => t.chatId === String(GROUP) && / · telegram$/.test(t.name))).toBe(true);
    // Nothing went to the group's General topic nor to the agents' private chats.
    expect(rig.telegram.sent(GROUP).filter((c) => c.params.message_thread_id === undefined)).toEqual([]);
    expect([...rig.telegram.sent(LI), ...rig.telegram.sent(PABLO)]).toEqual([]);

    // Find Ana's topic: her number is on the Claim button, /list tells whose it is.
    const briefs = topics.map((t) => ({ topic: t.threadId, brief: briefIn(t.threadId)[0]! }));
    const [first, second] = briefs.map((x) => Number(claimData(x.brief).split(':').at(-1)));
    expect(first).not.toBe(second);
    const { topic, brief } = briefs[0]!;
    const n = first!;

    // Li claims in the topic: the bot answers in the topic.
    await post(b, pressInTopic(LI, topic, brief, claimData(brief)));
    await eventually(() => inTopicTexts(topic).some((t) => t.startsWith(`You have #${n} now`)), 5000, 'claimed in the topic');

    // Li writes in the topic, not replying to anything: that is the answer to this topic's buyer.
    await post(a, inTopic(LI, topic, 'Hello, Li here. How can I help?'));
    const who = await eventually(() => [ANA, BO].find((id) => rig.telegram.texts(id).includes('Hello, Li here. How can I help?')), 5000, 'answer reached the buyer');
    const other = who === ANA ? BO : ANA;
    expect(rig.telegram.texts(other)).not.toContain('Hello, Li here. How can I help?');

    // Pablo writing in Li's topic is refused in the topic, with the reason; the buyer gets nothing.
    await post(b, inTopic(PABLO, topic, 'Pablo here, I will take over'));
    await eventually(() => inTopicTexts(topic).includes(`Refused: #${n} is not yours (Li). Claim it first.`), 5000, 'not the holder');
    expect(rig.telegram.texts(who)).not.toContain('Pablo here, I will take over');

    // The buyer writes: it comes to the topic, not to Li's private chat.
    await post(a, textUpdate(who, 'where is my parcel?', { updateId: ++updateId }));
    await eventually(() => inTopicTexts(topic).some((t) => t.startsWith(`#${n} `) && t.endsWith(': where is my parcel?')), 5000, 'relayed to the topic');
    expect(rig.telegram.sent(LI)).toEqual([]);

    // /close in the topic ends the conversation and closes the topic.
    await post(a, inTopic(LI, topic, '/close'));
    await eventually(() => rig.telegram.topics().find((t) => t.threadId === topic)!.closed, 5000, 'topic closed');
    expect(inTopicTexts(topic)).toContain(`#${n} is closed.`);

    // The same buyer waits again: the topic is reopened and gets the new brief; no second topic.
    await post(b, asksForPerson(who));
    await eventually(() => briefIn(topic).length === 2, 5000, 'announced again in the same topic');
    expect(rig.telegram.topics().find((t) => t.threadId === topic)!.closed).toBe(false);
    expect(rig.telegram.callsTo('createForumTopic')).toHaveLength(2);
  });

  it('creates exactly one topic for a buyer when two instances open it at the same moment', async () => {
    const config = loadShopConfig(configPath);
    const shop = () => config;
    const instances = await Promise.all([0, 1].map(async () => ({ desk: await createRedisAgentDeskStore(rig.redis.url), chat: createTelegramAgentChat({ botToken: TELEGRAM_TOKEN, apiRoot: rig.telegram.url }) })));
    const before = rig.telegram.callsTo('createForumTopic').length;
    try {
      const place = { channel: 'telegram' as const, chatId: String(GROUP), lang: 'en' };
      const opened = await Promise.all(instances.map(({ desk, chat }) => createTopics({ desk, chats: { telegram: chat }, shop }).topicFor(place, 'web:race-buyer', 'Mia · web')));
      expect(opened[0]).toBeDefined();
      expect(opened[1]).toBe(opened[0]);
      expect(rig.telegram.callsTo('createForumTopic').length - before).toBe(1);
    } finally {
      for (const { desk, chat } of instances) {
        await desk.close();
        chat.close();
      }
    }
  });

  it("makes the buyer a new topic when their old one was deleted, and keeps using the new one", async () => {
    const config = loadShopConfig(configPath);
    const desk = await createRedisAgentDeskStore(rig.redis.url);
    const chat = createTelegramAgentChat({ botToken: TELEGRAM_TOKEN, apiRoot: rig.telegram.url });
    try {
      const topics = createTopics({ desk, chats: { telegram: chat }, shop: () => config });
      const place = { channel: 'telegram' as const, chatId: String(GROUP), lang: 'en' };
      const old = await topics.topicFor(place, 'web:deleted-topic', 'Kai · web');
      rig.telegram.answer('reopenForumTopic', (p) => String(p.message_thread_id) === old, apiError(400, 'Bad Request: TOPIC_ID_INVALID'), 1);
      const fresh = await topics.topicFor(place, 'web:deleted-topic', 'Kai · web');
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(old);
      expect(await topics.topicFor(place, 'web:deleted-topic', 'Kai · web')).toBe(fresh);
      expect(rig.telegram.topics().filter((t) => t.name === 'Kai · web')).toHaveLength(2);
    } finally {
      await desk.close();
      chat.close();
    }
  });
});
